#!/usr/bin/env bash
# Writes the seed corpora in fuzz/corpus/<target>/ from tests/data/edge and
# corpus/ (run from the repository root; the seeds are checked in, so this is
# needed only when those inputs change). Crash inputs found by fuzzing live
# beside the seeds as regression-* files and are kept by this script.
set -euo pipefail
cd "$(dirname "$0")/.."
edge=tests/data/edge
out=fuzz/corpus

# seed TARGET NAME: standard input becomes fuzz/corpus/TARGET/NAME.
seed() { mkdir -p "$out/$1"; cat >"$out/$1/$2"; }
# The first bytes of a file, so that seeds stay small.
head_of() { head -c "${2:-3000}" "$1"; }
# Fields of the printers target are cut at byte 0x01.
sep=$'\x01'

for target in query query_parser analyzer ingest_text ingest_markdown ingest_html \
              ingest_jsonl decode dates printers; do
  mkdir -p "$out/$target"
  find "$out/$target" -type f ! -name 'regression-*' -delete
done

# Readers: every hard input and every sample article as each format.
for f in "$edge"/*.txt "$edge"/nul-bytes.bin corpus/*.txt; do
  name=$(basename "$f"); name=${name%.*}
  head_of "$f" | seed ingest_text "$name"
done
for f in "$edge"/sample.md corpus/000_*.txt "$edge"/utf8-bom.txt "$edge"/windows-1251.txt; do
  name=$(basename "$f"); head_of "$f" | seed ingest_markdown "${name%.*}"
done
for f in "$edge"/sample.html "$edge"/escape-sequences.txt corpus/003_*.txt; do
  name=$(basename "$f"); head_of "$f" | seed ingest_html "${name%.*}"
done
printf '<html lang="ru"><head><meta charset="windows-1251"><title>t</title></head><body><p>' |
  cat - <(head_of "$edge"/windows-1251.txt) <(printf '</p></body></html>') |
  seed ingest_html declared-windows-1251
printf '<article><header><h1>Title</h1></header><div class="share">Share</div><p>One.<br>Two.</p><table><tr><td>cell</td></tr></table></article>' |
  seed ingest_html article-furniture
for f in "$edge"/articles.jsonl "$edge"/malformed.jsonl; do
  name=$(basename "$f"); head_of "$f" 6000 | seed ingest_jsonl "${name%.*}"
done
n=0
while IFS= read -r line; do
  n=$((n + 1)); printf '%s\n' "$line" | seed ingest_jsonl "articles-line-$n"
done <"$edge"/articles.jsonl

# Encodings: the first byte chooses the declared charset (fuzz/decode.cc).
for f in "$edge"/*.txt; do
  name=$(basename "$f" .txt)
  { printf '\x00'; head_of "$f"; } | seed decode "$name"
done
{ printf '\x02'; head_of "$edge"/koi8-r.txt; } | seed decode koi8-r-declared
{ printf '\x01'; head_of "$edge"/latin1.txt; } | seed decode latin1-declared-as-1251

# The analyzer: the first byte chooses the language (fuzz/analyzer.cc).
lang_seed() { { printf "\\x$(printf %02x "$2")"; head_of "$edge/$1" 1500; } | seed analyzer "${1%.*}"; }
lang_seed russian-yo.txt 1; lang_seed armenian.txt 2; lang_seed latin1.txt 3
lang_seed turkish-dotted-i.txt 6; lang_seed german-eszett.txt 7; lang_seed chinese.txt 8
lang_seed japanese.txt 9; lang_seed thai.txt 10; lang_seed arabic.txt 11
lang_seed emoji-zwj.txt 0; lang_seed fullwidth-latin.txt 0; lang_seed ligature-fi.txt 0
lang_seed nfc-and-nfd.txt 0; lang_seed invalid-utf8.txt 0; lang_seed escape-sequences.txt 12
for f in corpus/*.txt; do
  { printf '\x00'; head_of "$f" 1500; } | seed analyzer "$(basename "$f" .txt)"
done
printf "\\x03L'Humanité d'aujourd'hui" | seed analyzer french-elision
printf "\\x00U.S. Russia's 15,000 1.5 e-mail anti-war NATO's" | seed analyzer variants

# Dates and the line heuristics: every line of the sample articles that
# holds a digit or a byline, and the forms dates.h lists.
for f in corpus/*.txt "$edge"/articles.jsonl; do
  grep -E '[0-9]{4}|^By |Source|Author|Originally' "$f" | cut -c1-300 | head -6 |
    while IFS= read -r line; do
      printf "%s" "$line" | seed dates "$(basename "$f" | cut -c1-3)-line-$(printf "%s" "$line" | md5sum | cut -c1-8)"
    done
done
for d in '2024-11-24' '2024/11/24' '24.11.2024' 'November 24, 2024' 'November 24,2024 14:24' \
         'Nov. 24, 2024' '24 November 2024' '26-FEB-1987 15:01:01.79' '2025-03-20T10:15:00Z' \
         '24 ноября 2024 г.' 'https://site.com/2025/02/17/story' 'https://site.com/2025-02-17-story' \
         ' date 2025-03-20 + ↺ − 16 px' 'By Jane Doe, Reuters' 'Источник: https://ria.ru/a' \
         'February 30, 2024' 'Share:'; do
  printf '%s' "$d" | seed dates "form-$(printf '%s' "$d" | md5sum | cut -c1-8)"
done

# Queries: the forms docs/QUERY.md lists, and their repairs. The first byte
# of a query seed picks search options (fuzz/query.cc).
n=0
while IFS= read -r q; do
  n=$((n + 1))
  printf '%s' "$q" | seed query_parser "q$n"
  { printf "\\x$(printf %02x $((n * 37 % 256)))"; printf '%s' "$q"; } | seed query "q$n"
done <<'QUERIES'
CSTO
armenia russia sanctions
"exact phrase" «ёлки палки» “curly quotes”
russia -ukraine +armenia
(oil OR gas) AND prices NOT war
a NEAR/3 b NEAR c
russ* title:russ* title:(a b)
source:"Mirror Spectator" author:"José Pérez" lang:ru -lang:en
url:mirrorspectator.com/2025/* host:site.com path:corpus format:html year:2025
date:2024-11..2025-03 date:>=2025-01-01 date:<2025 date:..2025-03
"unclosed quote (a b AND OR NEAR - + * foo:bar title:
NEAR/99999 U.S.-Armenia anti-war 10:30 https://example.com/a
Пашинян ОДКБ Армения Հայաստան 中国 日本語 ภาษาไทย
putin date:2025 NOT russia
QUERIES

# Printers: option bytes, then fields cut at 0x01 (fuzz/printers.cc):
# qid, query, parsed, suggestion, warning, tag, base, result count, then per
# result id, path, title, date, url, author, source, language, six numbers,
# text and highlight bytes.
printer_seed() {
  local name=$1 how=$2 text=$3
  { printf "\\x$how\\x50"; printf '1%sCSTO%sCSTO%s%sa warning%slede%s/data%s' \
      "$sep" "$sep" "$sep" "$sep" "$sep" "$sep" "$sep"
    printf '\x02/data/news/a.txt%s/data/news/a.txt%sThe CSTO%s2025-02-17%shttps://x.org/a%sJane%sX%sen%s' \
      "$sep" "$sep" "$sep" "$sep" "$sep" "$sep" "$sep" "$sep"
    printf '\x02\x03\x07\x02\x01'; printf '%s' "$text"; printf '%s\x02\x00\x03\x01\x04\x05' "$sep"
  } | seed printers "$name"
}
for fmt in 0 1 2 3 4; do
  printer_seed "escape-sequences-$fmt" "0$fmt" "$(head_of "$edge"/escape-sequences.txt 400)"
  printer_seed "invalid-utf8-$fmt" "1$fmt" "$(head_of "$edge"/invalid-utf8.txt 400)"
done
printer_seed thai-wrapped 00 "$(head_of "$edge"/thai.txt 600)"
printer_seed chinese-color 08 "$(head_of "$edge"/chinese.txt 600)"
printer_seed tabs-and-newlines 03 "$(printf 'a\tb\nc\rd\\e %%20 f')"
