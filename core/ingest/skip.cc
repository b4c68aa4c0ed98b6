#include "core/ingest/skip.h"

#include <algorithm>
#include <array>

#include "core/ingest/text.h"

namespace lede {

namespace {

struct Extension {
  std::string_view extension;  // Lower case, without the dot.
  std::string_view kind;
};

// What lede does not read, by extension: one table, so that adding a format
// is one line. PDFs are here until lede reads them.
constexpr std::array kExtensions = {
    // Images.
    Extension{"png", "image"},
    Extension{"jpg", "image"},
    Extension{"jpeg", "image"},
    Extension{"gif", "image"},
    Extension{"webp", "image"},
    Extension{"bmp", "image"},
    Extension{"tif", "image"},
    Extension{"tiff", "image"},
    Extension{"ico", "image"},
    Extension{"heic", "image"},
    Extension{"heif", "image"},
    Extension{"avif", "image"},
    Extension{"svg", "image"},
    Extension{"psd", "image"},
    Extension{"raw", "image"},
    Extension{"cr2", "image"},
    Extension{"nef", "image"},
    Extension{"dng", "image"},
    // Audio.
    Extension{"mp3", "audio"},
    Extension{"wav", "audio"},
    Extension{"flac", "audio"},
    Extension{"ogg", "audio"},
    Extension{"oga", "audio"},
    Extension{"opus", "audio"},
    Extension{"m4a", "audio"},
    Extension{"aac", "audio"},
    Extension{"wma", "audio"},
    Extension{"aif", "audio"},
    Extension{"aiff", "audio"},
    Extension{"mid", "audio"},
    Extension{"midi", "audio"},
    // Video.
    Extension{"mp4", "video"},
    Extension{"m4v", "video"},
    Extension{"mkv", "video"},
    Extension{"webm", "video"},
    Extension{"avi", "video"},
    Extension{"mov", "video"},
    Extension{"wmv", "video"},
    Extension{"flv", "video"},
    Extension{"mpg", "video"},
    Extension{"mpeg", "video"},
    Extension{"3gp", "video"},
    Extension{"ts", "video"},
    // Archives and disk images.
    Extension{"zip", "archive"},
    Extension{"7z", "archive"},
    Extension{"rar", "archive"},
    Extension{"tar", "archive"},
    Extension{"tgz", "archive"},
    Extension{"tbz2", "archive"},
    Extension{"txz", "archive"},
    Extension{"bz2", "archive"},
    Extension{"xz", "archive"},
    Extension{"lz", "archive"},
    Extension{"lzma", "archive"},
    Extension{"iso", "archive"},
    Extension{"dmg", "archive"},
    Extension{"cab", "archive"},
    Extension{"deb", "archive"},
    Extension{"rpm", "archive"},
    Extension{"jar", "archive"},
    Extension{"apk", "archive"},
    // Office documents and PDF.
    Extension{"pdf", "PDF"},
    Extension{"doc", "office document"},
    Extension{"docx", "office document"},
    Extension{"xls", "office document"},
    Extension{"xlsx", "office document"},
    Extension{"ppt", "office document"},
    Extension{"pptx", "office document"},
    Extension{"odt", "office document"},
    Extension{"ods", "office document"},
    Extension{"odp", "office document"},
    Extension{"rtf", "office document"},
    Extension{"epub", "e-book"},
    Extension{"mobi", "e-book"},
    Extension{"pages", "office document"},
    Extension{"key", "office document"},
    Extension{"numbers", "office document"},
    // Programs, libraries, databases and fonts.
    Extension{"exe", "program"},
    Extension{"dll", "program"},
    Extension{"so", "program"},
    Extension{"dylib", "program"},
    Extension{"o", "program"},
    Extension{"a", "program"},
    Extension{"class", "program"},
    Extension{"pyc", "program"},
    Extension{"wasm", "program"},
    Extension{"db", "database"},
    Extension{"sqlite", "database"},
    Extension{"sqlite3", "database"},
    Extension{"ttf", "font"},
    Extension{"otf", "font"},
    Extension{"woff", "font"},
    Extension{"woff2", "font"},
    Extension{"eot", "font"},
};

// System files by their whole name (lower case): thumbnails caches, folder
// settings and the like that file managers leave in every folder.
constexpr std::array<std::string_view, 6> kSystemNames = {"thumbs.db",   "ehthumbs.db", ".ds_store",
                                                          "desktop.ini", ".directory",  "icon\r"};

struct Magic {
  std::size_t offset;
  std::string_view bytes;
  std::string_view kind;
  std::string_view start = {};  // Must also be at offset 0 (a container's tag).
};

using namespace std::string_view_literals;

// Signatures at the start of a file (or at a fixed offset), as libmagic knows
// them; each is long enough, or tied to a container's tag, that no text starts
// with it. Gzip and zstd are judged apart: they may hold JSON Lines.
constexpr std::array kMagic = {
    Magic{0, "\x89PNG\r\n\x1A\n"sv, "image (PNG)"},
    Magic{0, "\xFF\xD8\xFF"sv, "image (JPEG)"},
    Magic{0, "GIF87a"sv, "image (GIF)"},
    Magic{0, "GIF89a"sv, "image (GIF)"},
    Magic{8, "WEBP"sv, "image (WebP)", "RIFF"sv},
    Magic{0, "II*\0"sv, "image (TIFF)"},
    Magic{0, "MM\0*"sv, "image (TIFF)"},
    Magic{0, "%PDF-"sv, "PDF"},
    Magic{0, "PK\x03\x04"sv, "archive or office document (ZIP)"},
    Magic{0, "PK\x05\x06"sv, "archive or office document (ZIP)"},
    Magic{0, "PK\x07\x08"sv, "archive or office document (ZIP)"},
    Magic{0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv, "office document or system file (OLE2)"},
    Magic{0, "7z\xBC\xAF\x27\x1C"sv, "archive (7-Zip)"},
    Magic{0, "Rar!\x1A\x07"sv, "archive (RAR)"},
    Magic{4, "1AY&SY"sv, "archive (bzip2)", "BZh"sv},
    Magic{0,
          "\xFD"
          "7zXZ\0"sv,
          "archive (xz)"},
    Magic{0, "ID3\x02"sv, "audio (MP3)"},
    Magic{0, "ID3\x03"sv, "audio (MP3)"},
    Magic{0, "ID3\x04"sv, "audio (MP3)"},
    Magic{0, "\xFF\xFB"sv, "audio (MP3)"},
    Magic{0, "\xFF\xF3"sv, "audio (MP3)"},
    Magic{0, "\xFF\xF2"sv, "audio (MP3)"},
    Magic{0, "OggS"sv, "audio or video (Ogg)"},
    Magic{0, "fLaC"sv, "audio (FLAC)"},
    Magic{8, "WAVE"sv, "audio (WAV)", "RIFF"sv},
    Magic{8, "AVI "sv, "video (AVI)", "RIFF"sv},
    Magic{0, "MThd\0\0\0\x06"sv, "audio (MIDI)"},
    Magic{4, "ftyp"sv, "audio or video (MP4)", "\0"sv},
    Magic{0, "\x1A\x45\xDF\xA3"sv, "video (Matroska, WebM)"},
    Magic{0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11"sv, "audio or video (ASF)"},
    Magic{0,
          "\x7F"
          "ELF"sv,
          "program (ELF)"},
    Magic{0, "\xCF\xFA\xED\xFE"sv, "program (Mach-O)"},
    Magic{0, "\xCA\xFE\xBA\xBE"sv, "program (Java class or Mach-O)"},
    Magic{0, "SQLite format 3\0"sv, "database (SQLite)"},
    Magic{0, "wOFF"sv, "font (WOFF)"},
    Magic{0, "wOF2"sv, "font (WOFF2)"},
};

bool ends_with(std::string_view name, std::string_view suffix) {
  return name.size() > suffix.size() && name.ends_with(suffix);
}

// The lower-case extension of @p name ("" without one; a leading dot alone
// makes a hidden name, not an extension).
std::string_view extension_of(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot + 1);
}

std::string_view kind_of_extension(std::string_view extension) {
  for (const auto& e : kExtensions)
    if (e.extension == extension) return e.kind;
  return {};
}

}  // namespace

std::string not_an_article(std::string_view path, std::string_view head) {
  const std::string name = ingest::ascii_lower(path.substr(path.rfind('/') + 1));
  for (const auto system : kSystemNames)
    if (name == system) return "system file";

  // A compressed file is judged by the name inside: notes.txt.gz may be an
  // article, backup.tar.gz is not.
  std::string_view inner = name;
  const bool gzip_name = ends_with(inner, ".gz");
  const bool zstd_name = ends_with(inner, ".zst") || ends_with(inner, ".zstd");
  if (gzip_name || zstd_name) inner = inner.substr(0, inner.rfind('.'));
  const std::string_view extension = extension_of(inner);
  if (const auto kind = kind_of_extension(extension); !kind.empty())
    return std::string(kind) + " (." + std::string(extension) + ")";

  for (const auto& m : kMagic)
    if (head.size() >= m.offset + m.bytes.size() &&
        head.substr(m.offset, m.bytes.size()) == m.bytes && head.starts_with(m.start))
      return std::string(m.kind);
  if (head.starts_with("\x1F\x8B"sv) && !gzip_name) return "compressed file (gzip)";
  if (head.starts_with("\x28\xB5\x2F\xFD"sv) && !zstd_name) return "compressed file (zstd)";
  const bool compressed = (gzip_name && head.starts_with("\x1F\x8B"sv)) ||
                          (zstd_name && head.starts_with("\x28\xB5\x2F\xFD"sv));
  // Text has no NUL bytes, but UTF-16 and UTF-32 with a byte order mark do.
  const bool wide = head.starts_with("\xFF\xFE"sv) || head.starts_with("\xFE\xFF"sv) ||
                    head.starts_with("\x00\x00\xFE\xFF"sv);
  if (!compressed && !wide && head.find('\0') != std::string_view::npos) return "binary file";
  return {};
}

}  // namespace lede
