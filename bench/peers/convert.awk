# Turns lede's query lines into the plain word lists that tools without a
# query language of their own are given: each "quoted phrase" and each word
# becomes one element, ASCII punctuation and query operators (+ - * : ( ))
# are dropped, and elements are joined with OR for SQLite FTS5 (every
# element double-quoted, so that no word is read as FTS5 syntax) or with tabs
# for ripgrep (one -e pattern each).
#
# Usage: awk -v mode=fts5|rg -f convert.awk QUERIES > CONVERTED
function clean(s) {
  gsub(/[\001-\057\072-\100\133-\140\173-\177]/, " ", s)
  gsub(/  +/, " ", s)
  sub(/^ /, "", s)
  sub(/ $/, "", s)
  return s
}
function add(s) {
  s = clean(s)
  if (s != "") elements[n++] = s
}
{
  n = 0
  line = $0
  while (line != "") {
    q = index(line, "\"")
    if (q == 0) { before = line; phrase = ""; line = "" }
    else {
      before = substr(line, 1, q - 1)
      rest = substr(line, q + 1)
      e = index(rest, "\"")
      if (e == 0) { phrase = rest; line = "" }
      else { phrase = substr(rest, 1, e - 1); line = substr(rest, e + 1) }
    }
    words = split(clean(before), w, " ")
    for (i = 1; i <= words; i++) add(w[i])
    if (phrase != "") add(phrase)
  }
  out = ""
  for (i = 0; i < n; i++) {
    if (mode == "fts5") out = out (i ? " OR " : "") "\"" elements[i] "\""
    else out = out (i ? "\t" : "") elements[i]
  }
  if (mode == "fts5") {
    # A query with no word left still needs one statement, so that the batch
    # keeps one statement a query.
    where = (n ? "docs MATCH '" out "'" : "0")
    print "SELECT path, snippet(docs, 1, '', '', '...', 16) FROM docs WHERE " where \
      " ORDER BY rank LIMIT 10;"
  } else {
    print out
  }
}
