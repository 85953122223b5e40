//! `.xlsx` workbooks → rows of cell texts: the first sheet (or a named one), numbers printed as their shortest
//! round-trip decimal without `.0`, date cells as `YYYY-MM-DD`, and the sheet's row numbers. The zip's declared
//! sizes are checked first so a decompression bomb is refused before it is inflated.
//!
//! Read with a small zip reader and XML scanner of our own (deflate by `miniz_oxide`) instead of calamine, which
//! with zip, zlib-rs and quick-xml was a third of the WebAssembly module. What a cell becomes follows calamine
//! 0.38's `Xlsx::worksheet_range` exactly, and its date arithmetic and number-format rules are ported from it
//! (calamine is MIT-licensed, © Johann Tuffe): shared and inline strings with rich-text runs but not phonetic
//! ones, `_xHHHH_` escapes, booleans, error cells, ISO dates, the 1900 (with its leap-year bug) and 1904 date
//! systems, and the bounds of the used range (from the first to the last non-empty cell).

use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::collections::HashMap;

/// Largest total uncompressed size of a workbook's parts that is read.
pub const MAX_UNCOMPRESSED_BYTES: u64 = crate::catalog::limits::WORKBOOK_BYTES;

/// Columns of a sheet (A to XFD), as Excel allows: a cell reference past them is refused.
pub const MAX_SHEET_COLUMNS: u32 = 16_384;

/// Rows of a sheet, as Excel allows: a cell reference past them is refused.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Whether `bytes` start like a zip archive (an `.xlsx` is one).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// One sheet row that holds cells: its 1-based row number and its cells as text, stored sparsely.
pub struct SheetRow {
    /// The sheet's row number (1-based, as Excel shows it).
    pub number: u64,
    /// (column counted from the sheet's first used column, text) of each cell, by column: only the cells the
    /// sheet holds, so one stray far cell costs one entry, not a row (or a grid) of empty ones.
    pub cells: Vec<(u32, String)>,
}

/// Reads the rows of `sheet` (default: the first sheet).
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<(String, Vec<SheetRow>), Error> {
    read_sheet_within(bytes, sheet, MAX_UNCOMPRESSED_BYTES, crate::catalog::limits::SHEET_CELLS)
}

/// [`read_sheet`] with `limit` bytes for the workbook's parts plus the text of every shared-string reference (a
/// short string referenced by many cells is copied into each): past it, `too_large`, before the copies are made.
/// At most `cell_limit` cells with a value are read (`too_many_cells` past it).
fn read_sheet_within(
    bytes: &[u8],
    sheet: Option<&str>,
    limit: u64,
    cell_limit: usize,
) -> Result<(String, Vec<SheetRow>), Error> {
    let not_a_workbook = |reason: String| {
        Error::new(ErrorKind::NotText {
            looks_like: format!("a zip file that is not a readable .xlsx workbook ({reason})"),
        })
    };
    let zip = Zip::new(bytes).map_err(not_a_workbook)?;
    let total = zip.entries.iter().fold(0u64, |sum, entry| sum.saturating_add(entry.size));
    if total > limit {
        return Err(Error::new(ErrorKind::TooLarge { bytes: total, limit, what: "uncompressed workbook".into() }));
    }
    let mut workbook = Workbook::new(&zip).map_err(not_a_workbook)?;
    workbook.string_budget = limit - total;
    workbook.cell_limit = cell_limit;
    let name = match sheet {
        Some(wanted) => workbook.sheets.iter().find(|(n, _)| n == wanted).map(|(n, _)| n.clone()).ok_or_else(|| {
            let names: Vec<&str> = workbook.sheets.iter().map(|(n, _)| n.as_str()).collect();
            Error::invalid_option(
                "sheet",
                format!("the workbook has no sheet \"{wanted}\"; its sheets are {}", names.join(", ")),
            )
        })?,
        None => {
            workbook.sheets.first().map(|(n, _)| n.clone()).ok_or_else(|| not_a_workbook("it has no sheet".into()))?
        }
    };
    let rows = workbook.rows(&zip, &name).map_err(|reason| match workbook.strings_copied.get() {
        _ if workbook.too_many_cells.get() => {
            let limit = cell_limit as u64;
            Error::new(ErrorKind::TooManyCells { cells: limit + 1, limit })
        }
        copied if copied > workbook.string_budget => Error::new(ErrorKind::TooLarge {
            bytes: total.saturating_add(copied),
            limit,
            what: "uncompressed workbook with its shared strings copied into every cell that references them".into(),
        }),
        _ => not_a_workbook(reason),
    })?;
    Ok((name, rows))
}

// ---------------------------------------------------------------------------------------------------------------
// Zip: the central directory (with zip64 sizes), stored and deflated entries, CRC-32 checked.

struct Entry {
    name: String,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

struct Zip<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
    /// Lower-cased names with `/` separators → index, as calamine looks parts up.
    by_name: HashMap<String, usize>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

impl<'a> Zip<'a> {
    fn new(bytes: &'a [u8]) -> Result<Zip<'a>, String> {
        let invalid = || "invalid Zip archive: could not find central directory end".to_string();
        let search_from = bytes.len().saturating_sub(22 + 0xFFFF);
        let eocd = (search_from..=bytes.len().saturating_sub(22))
            .rev()
            .find(|&at| u32_at(bytes, at) == Some(0x0605_4b50))
            .ok_or_else(invalid)?;
        let mut count = u64::from(u16_at(bytes, eocd + 10).ok_or_else(invalid)?);
        let mut directory = u64::from(u32_at(bytes, eocd + 16).ok_or_else(invalid)?);
        if count == 0xFFFF || directory == 0xFFFF_FFFF {
            let locator = eocd.checked_sub(20).filter(|&at| u32_at(bytes, at) == Some(0x0706_4b50));
            let end64 = locator
                .and_then(|at| u64_at(bytes, at + 8))
                .and_then(|end| usize::try_from(end).ok())
                .filter(|&end| end < bytes.len())
                .ok_or_else(invalid)?;
            if u32_at(bytes, end64) != Some(0x0606_4b50) {
                return Err(invalid());
            }
            count = u64_at(bytes, end64 + 32).ok_or_else(invalid)?;
            directory = u64_at(bytes, end64 + 48).ok_or_else(invalid)?;
        }
        let bad = || "invalid Zip archive: invalid central directory".to_string();
        let mut entries = Vec::new();
        let mut at = usize::try_from(directory).ok().filter(|&at| at < bytes.len()).ok_or_else(bad)?;
        for _ in 0..count {
            if u32_at(bytes, at) != Some(0x0201_4b50) {
                return Err(bad());
            }
            let field16 = |offset: usize| u16_at(bytes, at + offset).ok_or_else(bad);
            let field32 = |offset: usize| u32_at(bytes, at + offset).ok_or_else(bad);
            let (name_len, extra_len, comment_len) =
                (field16(28)? as usize, field16(30)? as usize, field16(32)? as usize);
            let name = bytes.get(at + 46..at + 46 + name_len).ok_or_else(bad)?;
            let extra = bytes.get(at + 46 + name_len..at + 46 + name_len + extra_len).ok_or_else(bad)?;
            let mut entry = Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                flags: field16(8)?,
                method: field16(10)?,
                crc: field32(16)?,
                compressed: u64::from(field32(20)?),
                size: u64::from(field32(24)?),
                offset: u64::from(field32(42)?),
            };
            zip64_sizes(extra, &mut entry);
            entries.push(entry);
            at += 46 + name_len + extra_len + comment_len;
        }
        let by_name =
            entries.iter().enumerate().map(|(i, e)| (e.name.replace('\\', "/").to_ascii_lowercase(), i)).collect();
        Ok(Zip { bytes, entries, by_name })
    }

    /// The bytes of the part at `path` (found whatever its case), `None` when there is no such part.
    fn read(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        let entry = &self.entries[*self.by_name.get(&path.to_ascii_lowercase())?];
        Some(self.inflate(entry).map_err(|reason| format!("{}: {reason}", entry.name)))
    }

    fn inflate(&self, entry: &Entry) -> Result<Vec<u8>, String> {
        if entry.flags & 1 != 0 {
            return Err("the part is encrypted".into());
        }
        let bad = || "invalid local file header".to_string();
        let at = usize::try_from(entry.offset).map_err(|_| bad())?;
        if u32_at(self.bytes, at) != Some(0x0403_4b50) {
            return Err(bad());
        }
        let start = at
            + 30
            + u16_at(self.bytes, at + 26).ok_or_else(bad)? as usize
            + u16_at(self.bytes, at + 28).ok_or_else(bad)? as usize;
        let end = usize::try_from(entry.compressed).ok().and_then(|n| start.checked_add(n)).ok_or_else(bad)?;
        let data = self.bytes.get(start..end).ok_or_else(|| "the part is cut short".to_string())?;
        let size = usize::try_from(entry.size).map_err(|_| "the part is too large".to_string())?;
        let out = match entry.method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, size)
                .map_err(|e| format!("corrupt deflate stream ({:?})", e.status))?,
            method => return Err(format!("compression method {method} is not supported")),
        };
        if out.len() != size {
            return Err("the part's size is not the declared one".into());
        }
        if crc32(&out) != entry.crc {
            return Err("invalid checksum".into());
        }
        Ok(out)
    }
}

/// Sizes and offset from a zip64 extended-information field, for those the directory entry marks as 0xFFFFFFFF.
fn zip64_sizes(mut extra: &[u8], entry: &mut Entry) {
    while let (Some(id), Some(len)) = (u16_at(extra, 0), u16_at(extra, 2)) {
        let Some(data) = extra.get(4..4 + len as usize) else { return };
        if id == 1 {
            let mut at = 0;
            for field in [&mut entry.size, &mut entry.compressed, &mut entry.offset] {
                if *field == 0xFFFF_FFFF {
                    if let Some(value) = u64_at(data, at) {
                        *field = value;
                        at += 8;
                    }
                }
            }
        }
        extra = &extra[4 + len as usize..];
    }
}

/// CRC-32 (IEEE), a byte at a time.
fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (i, slot) in table.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            *slot = c;
        }
        table
    });
    !bytes.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

// ---------------------------------------------------------------------------------------------------------------
// XML: a scanner of start tags (empty elements give a start and an end), end tags and text, as calamine reads
// with quick-xml (`expand_empty_elements`, no end-name checks, text untrimmed, comments and instructions skipped).

// platforms2 (issue 12): the scanner also reads Salesforce Commerce Cloud's XML order export (order_xml.rs).
pub(super) enum Event<'x> {
    Start(Tag<'x>),
    End(&'x str),
    /// Raw text (entities not yet replaced) and whether it is CDATA.
    Text(&'x str, bool),
    Eof,
}

#[derive(Clone, Copy)]
pub(super) struct Tag<'x> {
    pub(super) name: &'x str,
    attrs: &'x str,
}

pub(super) fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'x> Tag<'x> {
    pub(super) fn local_name(&self) -> &'x str {
        local(self.name)
    }

    /// The raw value of the attribute whose name is exactly `key`.
    pub(super) fn attr(&self, key: &str) -> Result<Option<&'x str>, String> {
        for pair in self.attr_pairs() {
            let (k, v) = pair?;
            if k == key {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    fn attr_pairs(&self) -> impl Iterator<Item = Result<(&'x str, &'x str), String>> {
        let text = self.attrs;
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let start = at;
            let bad = || {
                Some(Err(format!("malformed attribute in \"{}\"", text[start..].chars().take(40).collect::<String>())))
            };
            let Some(eq) = bytes[at..].iter().position(|&b| b == b'=').map(|i| at + i) else { return bad() };
            let key = text[at..eq].trim_end();
            let mut open = eq + 1;
            while open < bytes.len() && is_space(bytes[open]) {
                open += 1;
            }
            let Some(&quote) = bytes.get(open).filter(|q| **q == b'"' || **q == b'\'') else { return bad() };
            let Some(close) = bytes[open + 1..].iter().position(|&b| b == quote).map(|i| open + 1 + i) else {
                return bad();
            };
            at = close + 1;
            Some(Ok((key, &text[open + 1..close])))
        })
    }

    /// The raw values of three attributes, in one pass.
    fn attrs3(&self, keys: [&str; 3]) -> Result<[Option<&'x str>; 3], String> {
        let mut values = [None; 3];
        for pair in self.attr_pairs() {
            let (k, v) = pair?;
            if let Some(i) = keys.iter().position(|key| *key == k) {
                values[i].get_or_insert(v);
            }
        }
        Ok(values)
    }
}

pub(super) struct Xml<'x> {
    text: &'x str,
    /// The byte offset read up to.
    pub(super) at: usize,
    /// The end event owed for an empty element just returned as a start.
    pending_end: Option<&'x str>,
}

impl<'x> Xml<'x> {
    pub(super) fn new(bytes: &'x [u8], part: &str) -> Result<Xml<'x>, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{part} is not UTF-8 XML"))?;
        Ok(Xml { text, at: 0, pending_end: None })
    }

    pub(super) fn next(&mut self) -> Result<Event<'x>, String> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Event::End(name));
        }
        loop {
            let rest = &self.text[self.at..];
            if rest.is_empty() {
                return Ok(Event::Eof);
            }
            let bytes = rest.as_bytes();
            if bytes[0] != b'<' {
                let end = memchr::memchr(b'<', bytes).unwrap_or(rest.len());
                self.at += end;
                return Ok(Event::Text(&rest[..end], false));
            }
            let unclosed = |what: &str| format!("unclosed {what}");
            if !matches!(bytes.get(1), Some(b'!' | b'?')) {
                let end = tag_end(rest).ok_or_else(|| unclosed("tag"))?;
                self.at += end + 1;
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    return Ok(Event::End(name.trim_end()));
                }
                let (inner, empty) = match inner.strip_suffix('/') {
                    Some(inner) => (inner, true),
                    None => (inner, false),
                };
                let split = inner.bytes().position(is_space).unwrap_or(inner.len());
                let tag = Tag { name: &inner[..split], attrs: &inner[split..] };
                if empty {
                    self.pending_end = Some(tag.name);
                }
                return Ok(Event::Start(tag));
            }
            if let Some(body) = rest.strip_prefix("<!--") {
                self.at += 4 + body.find("-->").ok_or_else(|| unclosed("comment"))? + 3;
            } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let end = body.find("]]>").ok_or_else(|| unclosed("CDATA"))?;
                self.at += 9 + end + 3;
                return Ok(Event::Text(&body[..end], true));
            } else if let Some(body) = rest.strip_prefix("<?") {
                self.at += 2 + body.find("?>").ok_or_else(|| unclosed("processing instruction"))? + 2;
            } else {
                self.at += rest.find('>').ok_or_else(|| unclosed("declaration"))? + 1;
            }
        }
    }

    /// Skips to the end of the element just started (nested elements of the same name included).
    fn skip_to_end(&mut self, name: &str) -> Result<(), String> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(tag) if tag.name == name => depth += 1,
                Event::End(end) if end == name => {
                    if depth == 0 {
                        return Ok(());
                    }
                    depth -= 1;
                }
                Event::Eof => return Err(format!("unexpected end of XML inside <{name}>")),
                _ => {}
            }
        }
    }

    /// The text of the element just started, entities replaced and line ends normalised, up to its end.
    pub(super) fn text_to_end(&mut self, name: &str) -> Result<String, String> {
        let mut value = String::new();
        loop {
            match self.next()? {
                Event::Text(raw, cdata) => push_text(&mut value, raw, cdata)?,
                Event::End(end) if end == name => return Ok(value),
                Event::Eof => return Err(format!("unexpected end of XML inside <{name}>")),
                _ => {}
            }
        }
    }
}

/// The index of the `>` closing the tag at the start of `rest` (a `>` inside a quoted attribute does not).
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in rest.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Appends XML text: line ends normalised as XML 1.0 says (CR LF and CR → LF), then entities replaced.
fn push_text(out: &mut String, raw: &str, cdata: bool) -> Result<(), String> {
    let normalised: Cow<str> =
        if raw.contains('\r') { Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n")) } else { Cow::Borrowed(raw) };
    if cdata {
        out.push_str(&normalised);
        Ok(())
    } else {
        unescape_into(out, &normalised)
    }
}

/// Replaces the five predefined entities and character references.
fn unescape_into(out: &mut String, raw: &str) -> Result<(), String> {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let end = rest[amp..].find(';').ok_or_else(|| format!("unterminated entity in \"{raw}\""))? + amp;
        let entity = &rest[amp + 1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| format!("unknown entity &{entity};"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(())
}

pub(super) fn unescaped(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    unescape_into(&mut out, raw)?;
    Ok(out)
}

/// Replaces Excel's `_xHHHH_` escapes of UTF-16 code units (an unpaired surrogate becomes U+FFFD).
fn unescape_excel(original: &str) -> Cow<'_, str> {
    fn escape_at(s: &str, i: usize) -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    }
    let find = |from: usize| {
        let mut start = from;
        while let Some(offset) = original[start..].find('_') {
            if let Some(unit) = escape_at(original, start + offset) {
                return Some((start + offset, unit));
            }
            start += offset + 1;
        }
        None
    };
    let Some((mut index, mut unit)) = find(0) else { return Cow::Borrowed(original) };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += 7;
        match unit {
            0xD800..=0xDBFF => match escape_at(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find(index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    Cow::Owned(out)
}

/// A string item (`<si>` or `<is>`): its `<t>` texts, rich-text runs joined, phonetic runs (`<rPh>`) left out,
/// trimmed of ASCII whitespace unless `xml:space="preserve"`. An item without text is the empty string.
fn read_string(xml: &mut Xml<'_>, closing: &str) -> Result<String, String> {
    let mut value: Option<String> = None;
    let mut phonetic = false;
    loop {
        match xml.next()? {
            Event::Start(tag) if tag.local_name() == "r" && value.is_none() => value = Some(String::new()),
            Event::Start(tag) if tag.local_name() == "rPh" => phonetic = true,
            Event::End(end) if end == closing => return Ok(value.unwrap_or_default()),
            Event::End(end) if local(end) == "rPh" => phonetic = false,
            Event::Start(tag) if tag.local_name() == "t" && !phonetic => {
                let preserve = tag.attr("xml:space")? == Some("preserve");
                let text = xml.text_to_end(tag.name)?;
                let text = if preserve { &text[..] } else { text.trim_matches([' ', '\t', '\r', '\n']) };
                value.get_or_insert_with(String::new).push_str(&unescape_excel(text));
            }
            Event::Eof => return Err("unexpected end of XML in a string".into()),
            _ => {}
        }
    }
}

/// Reads until the start of the element named `local_name`, failing at the end of the part.
fn find_start<'x>(xml: &mut Xml<'x>, local_name: &str) -> Result<Tag<'x>, String> {
    loop {
        match xml.next()? {
            Event::Start(tag) if tag.local_name() == local_name => return Ok(tag),
            Event::Eof => return Err(format!("unexpected end of XML, expecting <{local_name}>")),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The workbook: where its parts are, its shared strings, which cell styles are dates, its sheets.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

struct Workbook {
    strings: Vec<String>,
    formats: Vec<CellFormat>,
    is_1904: bool,
    /// Sheet names and their parts' paths, in the workbook's order.
    sheets: Vec<(String, String)>,
    /// Bytes of shared-string text that may be copied into cells: what the workbook limit leaves after the parts.
    string_budget: u64,
    /// Bytes of shared-string text copied into cells so far (past `string_budget`: the read stops).
    strings_copied: std::cell::Cell<u64>,
    /// Cells with a value that may be read (`limits::SHEET_CELLS`).
    cell_limit: usize,
    /// Whether the read stopped at `cell_limit` cells with a value.
    too_many_cells: std::cell::Cell<bool>,
}

fn part(zip: &Zip<'_>, path: &str) -> Result<Option<Vec<u8>>, String> {
    zip.read(path).transpose()
}

impl Workbook {
    fn new(zip: &Zip<'_>) -> Result<Workbook, String> {
        let (xl_path, workbook_name) = document_path(zip)?;
        let mut workbook = Workbook {
            strings: Vec::new(),
            formats: Vec::new(),
            is_1904: false,
            sheets: Vec::new(),
            string_budget: u64::MAX,
            strings_copied: std::cell::Cell::new(0),
            cell_limit: crate::catalog::limits::SHEET_CELLS,
            too_many_cells: std::cell::Cell::new(false),
        };
        if let Some(bytes) = part(zip, &format!("{xl_path}sharedStrings.xml"))? {
            workbook.read_shared_strings(&mut Xml::new(&bytes, "sharedStrings.xml")?)?;
        }
        if let Some(bytes) = part(zip, &format!("{xl_path}styles.xml"))? {
            workbook.read_styles(&mut Xml::new(&bytes, "styles.xml")?)?;
        }
        let rels_path = format!("{xl_path}_rels/{workbook_name}.rels");
        let rels = part(zip, &rels_path)?.ok_or_else(|| format!("file not found: {rels_path}"))?;
        let relationships = relationships(&mut Xml::new(&rels, &rels_path)?)?;
        if let Some(bytes) = part(zip, &format!("{xl_path}{workbook_name}"))? {
            workbook.read_workbook(&mut Xml::new(&bytes, &workbook_name)?, &relationships, &xl_path)?;
        }
        Ok(workbook)
    }

    fn read_shared_strings(&mut self, xml: &mut Xml<'_>) -> Result<(), String> {
        find_start(xml, "sst")?;
        loop {
            match xml.next()? {
                Event::Start(tag) if tag.local_name() == "si" => {
                    let item = read_string(xml, tag.name)?;
                    self.strings.push(item);
                }
                Event::End(end) if local(end) == "sst" => return Ok(()),
                Event::Eof => return Err("unexpected end of XML, expecting </sst>".into()),
                _ => {}
            }
        }
    }

    fn read_styles(&mut self, xml: &mut Xml<'_>) -> Result<(), String> {
        let mut number_formats: HashMap<String, String> = HashMap::new();
        loop {
            match xml.next()? {
                Event::Start(tag) if tag.local_name() == "numFmts" => loop {
                    match xml.next()? {
                        Event::Start(tag) if tag.local_name() == "numFmt" => {
                            if let (Some(id), Some(code)) = (tag.attr("numFmtId")?, tag.attr("formatCode")?) {
                                number_formats.insert(id.to_string(), unescaped(code)?);
                            }
                        }
                        Event::End(end) if local(end) == "numFmts" => break,
                        Event::Eof => return Err("unexpected end of XML, expecting </numFmts>".into()),
                        _ => {}
                    }
                },
                Event::Start(tag) if tag.local_name() == "cellXfs" => loop {
                    match xml.next()? {
                        Event::Start(tag) if tag.local_name() == "xf" => {
                            self.formats.push(tag.attr("numFmtId")?.map_or(CellFormat::Other, |id| {
                                match number_formats.get(id) {
                                    Some(code) => detect_custom_number_format(code),
                                    None => builtin_format_by_id(id),
                                }
                            }));
                            xml.skip_to_end(tag.name)?;
                        }
                        Event::End(end) if local(end) == "cellXfs" => break,
                        Event::Eof => return Err("unexpected end of XML, expecting </cellXfs>".into()),
                        _ => {}
                    }
                },
                Event::End(end) if local(end) == "styleSheet" => return Ok(()),
                Event::Eof => return Err("unexpected end of XML, expecting </styleSheet>".into()),
                _ => {}
            }
        }
    }

    fn read_workbook(
        &mut self,
        xml: &mut Xml<'_>,
        relationships: &HashMap<String, (String, String)>,
        xl_path: &str,
    ) -> Result<(), String> {
        loop {
            match xml.next()? {
                Event::Start(tag) if tag.local_name() == "sheet" => {
                    let (mut name, mut rel_id) = (String::new(), "");
                    for pair in tag.attr_pairs() {
                        let (key, value) = pair?;
                        match key {
                            "name" => name = unescaped(value)?,
                            "state" if !matches!(value, "visible" | "hidden" | "veryHidden") => {
                                return Err(format!("unrecognized sheet:state: {value}"))
                            }
                            key if local(key) == "id" => rel_id = value,
                            _ => {}
                        }
                    }
                    let (target, kind) = relationships.get(rel_id).ok_or("relationship not found")?;
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{xl_path}{target}"),
                    };
                    if !matches!(kind.rsplit('/').next(), Some("worksheet" | "chartsheet" | "dialogsheet")) {
                        return Err(format!("unrecognized sheet:type: {path}"));
                    }
                    self.sheets.push((name, path));
                }
                Event::Start(tag) if tag.local_name() == "workbookPr" => {
                    if let Some(v) = tag.attr("date1904")? {
                        self.is_1904 = v == "1" || v == "true";
                    }
                }
                Event::Start(tag) if tag.local_name() == "definedName" && tag.attr("name")?.is_some() => {
                    xml.text_to_end(tag.name)?;
                }
                Event::End(end) if local(end) == "workbook" => return Ok(()),
                Event::Eof => return Err("unexpected end of XML, expecting </workbook>".into()),
                _ => {}
            }
        }
    }

    /// The rows of a sheet that hold cells, each with its cells from the sheet's first used column.
    fn rows(&self, zip: &Zip<'_>, name: &str) -> Result<Vec<SheetRow>, String> {
        let not_found = || format!("worksheet not found: {name}");
        let (_, path) = self.sheets.iter().find(|(n, _)| n == name).ok_or_else(not_found)?;
        let bytes = part(zip, path)?.ok_or_else(not_found)?;
        let mut xml = Xml::new(&bytes, path)?;
        let mut seen_element = false;
        loop {
            match xml.next()? {
                Event::Start(tag) if tag.local_name() == "sheetData" => break,
                Event::Start(_) => seen_element = true,
                // calamine reads a part without sheet data (a chart sheet) as an empty range.
                Event::Eof if seen_element => return Ok(Vec::new()),
                Event::Eof => return Err("unexpected end of XML, expecting <sheetData>".into()),
                _ => {}
            }
        }
        let mut cells: Vec<((u32, u32), String)> = Vec::new();
        let (mut row_index, mut col_index) = (0u32, 0u32);
        loop {
            match xml.next()? {
                Event::Start(tag) if tag.local_name() == "row" => {
                    if let Some(r) = tag.attr("r")? {
                        row_index = cell_reference(r)?.0;
                    }
                }
                Event::End(end) if local(end) == "row" => {
                    // At most MAX_SHEET_ROWS: the next cell without a reference is refused below.
                    row_index = row_index.saturating_add(1);
                    col_index = 0;
                }
                Event::Start(tag) if tag.local_name() == "c" => {
                    let [reference, style, kind] = tag.attrs3(["r", "s", "t"])?;
                    let position = match reference {
                        Some(r) => {
                            let (row, col) = cell_reference(r)?;
                            col_index = col.ok_or("a cell reference without a column")?;
                            (row, col_index)
                        }
                        None if row_index < MAX_SHEET_ROWS && col_index < MAX_SHEET_COLUMNS => (row_index, col_index),
                        None => {
                            return Err(format!(
                                "a cell without a reference in row {} is past the sheet's limits ({MAX_SHEET_COLUMNS} \
                                 columns to XFD, {MAX_SHEET_ROWS} rows)",
                                u64::from(row_index) + 1
                            ))
                        }
                    };
                    let mut value = None;
                    loop {
                        match xml.next()? {
                            Event::Start(child) => value = self.read_value(&mut xml, child, style, kind)?,
                            Event::End(end) if local(end) == "c" => break,
                            Event::Eof => return Err("unexpected end of XML, expecting </c>".into()),
                            _ => {}
                        }
                    }
                    col_index = col_index.saturating_add(1);
                    if let Some(value) = value {
                        // hostile input (issue 18): the sheet's real cells are counted, never its dimensions.
                        if cells.len() >= self.cell_limit {
                            self.too_many_cells.set(true);
                            return Err("too many cells".into());
                        }
                        cells.push((position, value));
                    }
                }
                Event::End(end) if local(end) == "sheetData" => break,
                Event::Eof => return Err("unexpected end of XML, expecting </sheetData>".into()),
                _ => {}
            }
        }
        Ok(sparse_rows(cells))
    }

    /// A cell's value as text (`None` for an empty cell), from its `<v>`, `<is>` or `<f>` child.
    fn read_value(
        &self,
        xml: &mut Xml<'_>,
        child: Tag<'_>,
        style: Option<&str>,
        kind: Option<&str>,
    ) -> Result<Option<String>, String> {
        match child.local_name() {
            "is" => read_string(xml, child.name).map(Some),
            "v" if matches!(kind, Some("inlineStr" | "is")) => xml.skip_to_end(child.name).map(|_| None),
            "v" if matches!(kind, Some("n" | "s" | "b" | "e") | None) => {
                // Plain ASCII values: the first text as it is.
                let value = match xml.next()? {
                    // An entity reference is an event of its own in quick-xml: only the text before one counts.
                    Event::Text(raw, false) => match raw.split('&').next().unwrap_or_default() {
                        "" => None,
                        text => self.cell_text(text, style, kind)?,
                    },
                    Event::End(end) if end == child.name => return Ok(None),
                    Event::Eof => return Err("unexpected end of XML, expecting </v>".into()),
                    _ => None,
                };
                xml.skip_to_end(child.name)?;
                Ok(value)
            }
            "v" => {
                let text = xml.text_to_end(child.name)?;
                self.cell_text(&text, style, kind)
            }
            "f" => xml.skip_to_end(child.name).map(|_| None),
            _ => Err("unexpected node: v, f, or is".into()),
        }
    }

    /// What calamine's value of a `<v>` becomes as text: numbers shortest round-trip (date styles as
    /// `YYYY-MM-DD`), shared strings, `TRUE`/`FALSE`, ISO dates as written, errors as `#Div0`, `#NA`…
    fn cell_text(&self, v: &str, style: Option<&str>, kind: Option<&str>) -> Result<Option<String>, String> {
        let format = match style {
            Some(s) => self.formats.get(s.parse::<usize>().unwrap_or(0)).copied(),
            None => Some(CellFormat::Other),
        };
        match kind {
            Some("s") => {
                if v.is_empty() {
                    return Ok(None);
                }
                let index = v.parse::<usize>().unwrap_or(0);
                let text = self.strings.get(index).ok_or("Cell string index not found in shared strings table")?;
                let copied = self.strings_copied.get().saturating_add(text.len() as u64);
                self.strings_copied.set(copied);
                if copied > self.string_budget {
                    return Err("the shared strings referenced by the cells are too large".into());
                }
                Ok(Some(text.clone()))
            }
            Some("b") => {
                let b = v.trim();
                if b.is_empty() {
                    Ok(None)
                } else if b == "0" || b.eq_ignore_ascii_case("false") {
                    Ok(Some("FALSE".into()))
                } else if b == "1" || b.eq_ignore_ascii_case("true") {
                    Ok(Some("TRUE".into()))
                } else {
                    Err(format!("unrecognized boolean cell value: {v}"))
                }
            }
            Some("d") => Ok(Some(v.to_string())),
            Some("e") => {
                let name = match v {
                    "#DIV/0!" => "Div0",
                    "#N/A" => "NA",
                    "#NAME?" => "Name",
                    "#NULL!" => "Null",
                    "#NUM!" => "Num",
                    "#REF!" => "Ref",
                    "#VALUE!" => "Value",
                    _ => return Err(format!("unsupported cell error value: {v}")),
                };
                Ok(Some(format!("#{name}")))
            }
            Some("str") => Ok(Some(unescape_excel(v).into_owned())),
            Some("n") | None => {
                if v.is_empty() {
                    return Ok(None);
                }
                match v.parse::<f64>() {
                    Ok(f) if format == Some(CellFormat::DateTime) => {
                        let (y, m, d) = excel_date(f, self.is_1904);
                        Ok(Some(format!("{y:04}-{m:02}-{d:02}")))
                    }
                    Ok(f) => Ok(Some(number_text(f))),
                    Err(_) if kind.is_none() => Ok(Some(v.to_string())),
                    Err(e) => Err(e.to_string()),
                }
            }
            Some(t) => Err(format!("unsupported cell type t=\"{t}\"")),
        }
    }
}

/// The package's main document: its folder (`xl/`) and file name (`workbook.xml`), from `_rels/.rels`.
fn document_path(zip: &Zip<'_>) -> Result<(String, String), String> {
    let rels = part(zip, "_rels/.rels")?.ok_or("file not found: _rels/.rels")?;
    let mut xml = Xml::new(&rels, "_rels/.rels")?;
    find_start(&mut xml, "Relationships")?;
    let mut target = None;
    loop {
        match xml.next()? {
            Event::Start(tag) if tag.local_name() == "Relationship" => {
                let kind = tag.attr("Type")?;
                if kind.is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                    if let Some(t) = tag.attr("Target")? {
                        target = Some(unescaped(t)?);
                    }
                }
            }
            Event::End(end) if local(end) == "Relationships" => break,
            Event::Eof => return Err("unexpected end of XML, expecting </Relationships>".into()),
            _ => {}
        }
    }
    let target = target.ok_or("relationship not found")?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let name = if name.is_empty() { "workbook.xml" } else { name };
    Ok((dir.strip_prefix('/').unwrap_or(dir).to_string(), name.to_string()))
}

/// A relationships part: id → (target, type), both as written.
fn relationships(xml: &mut Xml<'_>) -> Result<HashMap<String, (String, String)>, String> {
    let mut map = HashMap::new();
    loop {
        match xml.next()? {
            Event::Start(tag) if tag.local_name() == "Relationship" => {
                if let Some(id) = tag.attr("Id")? {
                    let target = tag.attr("Target")?.unwrap_or_default().to_string();
                    let kind = tag.attr("Type")?.unwrap_or_default().to_string();
                    map.insert(id.to_string(), (target, kind));
                }
            }
            Event::End(end) if local(end) == "Relationships" => return Ok(map),
            Event::Eof => return Err("unexpected end of XML, expecting </Relationships>".into()),
            _ => {}
        }
    }
}

/// `B12` → (row 11, Some(column 1)), 0-based; a reference without letters has no column. Checked: a reference
/// past the sheet's limits ([`MAX_SHEET_COLUMNS`] columns, [`MAX_SHEET_ROWS`] rows) is refused, never wrapped.
fn cell_reference(reference: &str) -> Result<(u32, Option<u32>), String> {
    let bytes = reference.as_bytes();
    let (mut col, mut row, mut i) = (0u32, 0u32, 0usize);
    let bad = |c: u8| format!("expecting alphanumeric character, got {:X}", c);
    let past_limits = || past_the_limits(reference);
    while i < bytes.len() {
        match bytes[i] {
            c @ (b'A'..=b'Z' | b'a'..=b'z') => {
                let letter = u32::from(c.to_ascii_uppercase() - b'A') + 1;
                col = col.checked_mul(26).and_then(|col| col.checked_add(letter)).ok_or_else(past_limits)?;
                if col > MAX_SHEET_COLUMNS {
                    return Err(past_limits());
                }
            }
            c @ b'0'..=b'9' => {
                row = u32::from(c - b'0');
                i += 1;
                break;
            }
            c => return Err(bad(c)),
        }
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            c @ b'0'..=b'9' => {
                row =
                    row.checked_mul(10).and_then(|row| row.checked_add(u32::from(c - b'0'))).ok_or_else(past_limits)?;
                if row > MAX_SHEET_ROWS {
                    return Err(past_limits());
                }
            }
            c => return Err(bad(c)),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or("a cell reference without a row")?;
    Ok((row, col.checked_sub(1)))
}

/// The reason given for a cell (or row) reference past the sheet's limits.
fn past_the_limits(reference: &str) -> String {
    let shown: String = reference.chars().take(40).collect();
    format!(
        "the cell reference {shown} is past the sheet's limits ({MAX_SHEET_COLUMNS} columns to XFD, {MAX_SHEET_ROWS} rows)"
    )
}

/// The rows that hold cells, in row order, each with its cells by column counted from the first used column;
/// a cell given twice keeps its last value (as a grid written in document order would). Time and memory follow
/// the real cells (a sort), never the distance between them: rows and columns between cells cost nothing.
fn sparse_rows(mut cells: Vec<((u32, u32), String)>) -> Vec<SheetRow> {
    let Some(col_start) = cells.iter().map(|&((_, c), _)| c).min() else {
        return Vec::new();
    };
    cells.sort_by_key(|&(position, _)| position); // stable: of equal positions, the last written stays last
    let mut rows: Vec<SheetRow> = Vec::new();
    for ((r, c), value) in cells {
        let number = u64::from(r) + 1;
        let column = c - col_start;
        match rows.last_mut() {
            Some(row) if row.number == number => match row.cells.last_mut() {
                Some(last) if last.0 == column => last.1 = value,
                _ => row.cells.push((column, value)),
            },
            _ => rows.push(SheetRow { number, cells: vec![(column, value)] }),
        }
    }
    rows
}

/// Whether a custom number format shows a date or time (calamine's `detect_custom_number_format`).
fn detect_custom_number_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => return CellFormat::DateTime,
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// The built-in number formats that show dates or times (calamine's `builtin_format_by_id`).
fn builtin_format_by_id(id: &str) -> CellFormat {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => CellFormat::DateTime,
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52" | "53" | "54"
        | "55" | "56" | "57" | "58" => CellFormat::DateTime,
        "46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}

/// The calendar date of an Excel serial date-time (calamine's `excel_to_standard_datetime`, date part): the 1900
/// system counts the 29 February 1900 Excel believes in; a time that rounds up to midnight is the next day.
fn excel_date(serial: f64, is_1904: bool) -> (u64, u64, u64) {
    const YEAR_DAYS: u64 = 365;
    const YEAR_DAYS_4: u64 = YEAR_DAYS * 4 + 1;
    const YEAR_DAYS_100: u64 = YEAR_DAYS * 100 + 25;
    const YEAR_DAYS_400: u64 = YEAR_DAYS * 400 + 97;
    const DAY_SECONDS: f64 = 24.0 * 60.0 * 60.0;
    let mut months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let days = serial.floor() as u64;
    let mut days = days.min(if is_1904 { 2_957_003 } else { 2_958_465 });
    if is_1904 {
        days += 111_033;
    } else if days > YEAR_DAYS {
        days += 109_571;
    } else {
        days += 109_572;
    }
    let year_days_400 = days / YEAR_DAYS_400;
    let mut days = days % YEAR_DAYS_400;
    let year_days_100;
    if days < YEAR_DAYS_100 {
        year_days_100 = days / YEAR_DAYS_100;
        days %= YEAR_DAYS_100;
    } else {
        year_days_100 = 1 + (days - YEAR_DAYS_100) / (YEAR_DAYS_100 - 1);
        days = (days - YEAR_DAYS_100) % (YEAR_DAYS_100 - 1);
    }
    let year_days_4;
    let mut non_leap_year_block = false;
    if year_days_100 == 0 {
        year_days_4 = days / YEAR_DAYS_4;
        days %= YEAR_DAYS_4;
    } else if days < YEAR_DAYS_4 {
        year_days_4 = days / (YEAR_DAYS_4 - 1);
        days %= YEAR_DAYS_4 - 1;
        non_leap_year_block = true;
    } else {
        year_days_4 = 1 + (days - (YEAR_DAYS_4 - 1)) / YEAR_DAYS_4;
        days = (days - (YEAR_DAYS_4 - 1)) % YEAR_DAYS_4;
    }
    let year_days_1;
    if non_leap_year_block {
        year_days_1 = days / YEAR_DAYS;
        days %= YEAR_DAYS;
    } else if days < YEAR_DAYS + 1 {
        year_days_1 = days / (YEAR_DAYS + 1);
        days %= YEAR_DAYS + 1;
    } else {
        year_days_1 = 1 + (days - (YEAR_DAYS + 1)) / YEAR_DAYS;
        days = (days - (YEAR_DAYS + 1)) % YEAR_DAYS;
    }
    let year = 1600 + year_days_400 * 400 + year_days_100 * 100 + year_days_4 * 4 + year_days_1;
    days += 1;
    if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
        months[1] = 29;
    }
    if !is_1904 && year == 1900 {
        months[1] = 29;
        if serial.trunc() == 366.0 {
            days += 1;
        }
    }
    let mut month = 1;
    for month_days in months {
        if days > month_days {
            days -= month_days;
            month += 1;
        } else {
            break;
        }
    }
    let time = serial.fract();
    let milli = ((time * DAY_SECONDS).fract() * 1000.0).round() as u64;
    let mut day_as_seconds = (time * DAY_SECONDS) as u64;
    if milli == 1000 {
        day_as_seconds += 1;
    }
    if day_as_seconds == DAY_SECONDS as u64 {
        return excel_date(serial.floor() + 1.0, is_1904);
    }
    (year, month, days)
}

/// Shortest round-trip decimal, whole numbers without `.0` (so the number 10042 and the text "10042" meet).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_a_person_wrote_them() {
        assert_eq!(number_text(10042.0), "10042");
        assert_eq!(number_text(19.99), "19.99");
        assert_eq!(number_text(-0.5), "-0.5");
    }

    #[test]
    fn excel_serials_are_calendar_dates_with_the_1900_leap_bug() {
        assert_eq!(excel_date(45359.0, false), (2024, 3, 8));
        assert_eq!(excel_date(59.0, false), (1900, 2, 28));
        assert_eq!(excel_date(60.0, false), (1900, 2, 29), "the day Excel believes in");
        assert_eq!(excel_date(61.0, false), (1900, 3, 1));
        assert_eq!(excel_date(366.0, false), (1900, 12, 31));
        assert_eq!(excel_date(0.0, true), (1904, 1, 1));
        assert_eq!(excel_date(45359.999999999, false), (2024, 3, 9), "rounds up to the next midnight");
    }

    #[test]
    fn number_formats_that_are_dates() {
        assert_eq!(detect_custom_number_format("yyyy-mm-dd"), CellFormat::DateTime);
        assert_eq!(detect_custom_number_format("[h]:mm:ss"), CellFormat::TimeDelta);
        assert_eq!(detect_custom_number_format("\"d\"0.00"), CellFormat::Other);
        assert_eq!(detect_custom_number_format("0.00;[Red]-0.00"), CellFormat::Other);
        assert_eq!(builtin_format_by_id("14"), CellFormat::DateTime);
        assert_eq!(builtin_format_by_id("2"), CellFormat::Other);
    }

    #[test]
    fn xml_text_entities_escapes_and_references() {
        let mut out = String::new();
        push_text(&mut out, "a &amp; b &#x4E2D;&#25991;\r\nc", false).unwrap();
        assert_eq!(out, "a & b 中文\nc");
        assert_eq!(unescape_excel("x_x000D_y_x0041_"), "x\ry A".replace(' ', ""));
        assert_eq!(unescape_excel("_xD83D__xDE00_"), "😀");
        assert_eq!(cell_reference("AB12").unwrap(), (11, Some(27)));
        assert_eq!(cell_reference("7").unwrap(), (6, None));
        assert!(cell_reference("A0").is_err());
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn rich_text_joins_runs_without_phonetic_guides() {
        let xml = "<si><r><t>东</t></r><r><t xml:space=\"preserve\"> 京 </t></r><rPh><t>トウ</t></rPh></si>";
        let mut reader = Xml::new(xml.as_bytes(), "test").unwrap();
        let Event::Start(tag) = reader.next().unwrap() else { panic!() };
        assert_eq!(read_string(&mut reader, tag.name).unwrap(), "东 京 ");
        let mut reader = Xml::new(b"<si/>", "test").unwrap();
        let Event::Start(tag) = reader.next().unwrap() else { panic!() };
        assert_eq!(read_string(&mut reader, tag.name).unwrap(), "");
    }
}

/// The same cells as calamine 0.38 (the reader used before), on workbooks written by rust_xlsxwriter and on
/// hand-written parts that exercise what it does not write.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod same_as_calamine {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Formula, Workbook as Writer};

    /// A row number and its (column, text) cells.
    type SparseRow = (u64, Vec<(u32, String)>);

    /// What `read_sheet` returned with calamine: cell texts by the old `cell_text`.
    fn calamine_rows(bytes: &[u8], sheet: &str) -> Result<Vec<SparseRow>, String> {
        let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let range = workbook.worksheet_range(sheet).map_err(|e| e.to_string())?;
        let first_row = u64::from(range.start().map_or(0, |(row, _)| row));
        let text = |cell: &Data| match cell {
            Data::Empty => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) => number_text(*f),
            Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Data::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{d:02}")
            }
            Data::DateTime(dt) => number_text(dt.as_f64()),
            Data::Error(e) => format!("#{e:?}"),
        };
        // The used range's grid, as rows that hold cells with their non-empty cells (our sparse form).
        Ok(range.used_cells().fold(Vec::<(u64, Vec<(u32, String)>)>::new(), |mut rows, (r, c, cell)| {
            let (number, cell) = (first_row + r as u64 + 1, (c as u32, text(cell)));
            match rows.last_mut() {
                Some((last, cells)) if *last == number => cells.push(cell),
                _ => rows.push((number, vec![cell])),
            }
            rows
        }))
    }

    fn sheet_names(bytes: &[u8]) -> Vec<String> {
        let workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        workbook.sheet_names()
    }

    fn assert_same(bytes: &[u8]) {
        let names = sheet_names(bytes);
        let zip = Zip::new(bytes).unwrap();
        let ours = Workbook::new(&zip).unwrap();
        assert_eq!(ours.sheets.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), names);
        for name in &names {
            let theirs = calamine_rows(bytes, name);
            let mine =
                ours.rows(&zip, name).map(|rows| rows.into_iter().map(|r| (r.number, r.cells)).collect::<Vec<_>>());
            match (&theirs, &mine) {
                (Ok(a), Ok(b)) => assert_eq!(b, a, "sheet {name}"),
                (Err(_), Err(_)) => {}
                _ => panic!("sheet {name}: calamine {theirs:?}, ours {mine:?}"),
            }
        }
    }

    #[test]
    fn workbooks_written_by_rust_xlsxwriter() {
        let mut workbook = Writer::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm");
        let duration = Format::new().set_num_format("[h]:mm:ss");
        let money = Format::new().set_num_format("\"¥\"#,##0.00;[Red]-\"¥\"#,##0.00");
        let quoted = Format::new().set_num_format("\"day\" 0");
        let builtin = Format::new().set_num_format_index(14);
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet().set_name("Mixed & <odd> 'names' 1").unwrap();
        sheet.write_string(2, 1, "  padded\r\ntext & <tags> _x0041_ ").unwrap();
        sheet.write_number(2, 2, 10042.0).unwrap();
        sheet.write_number(2, 3, 19.99).unwrap();
        sheet.write_number(2, 4, -1e20).unwrap();
        sheet.write_number(2, 5, 1.0 / 3.0).unwrap();
        sheet.write_boolean(3, 1, true).unwrap();
        sheet.write_boolean(3, 2, false).unwrap();
        sheet.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2024, 2, 29).unwrap(), &date).unwrap();
        sheet.write_number_with_format(3, 4, 45356.999999999, &datetime).unwrap(); // rounds up to midnight
        sheet.write_number_with_format(3, 5, 1.75, &duration).unwrap();
        sheet.write_number_with_format(3, 6, 45359.0, &builtin).unwrap();
        sheet.write_number_with_format(3, 7, 45359.0, &money).unwrap();
        sheet.write_number_with_format(3, 8, 45359.0, &quoted).unwrap();
        sheet.write_number_with_format(4, 1, 60.0, &date).unwrap();
        sheet.write_number_with_format(4, 2, 366.0, &date).unwrap();
        sheet.write_number_with_format(4, 3, 0.5, &date).unwrap();
        sheet.write_blank(6, 9, &bold).unwrap();
        sheet.write_rich_string(7, 1, &[(&bold, "客户"), (&Format::new(), " 编号")]).unwrap();
        sheet.write_string(7, 2, "").unwrap();
        sheet.write_formula(8, 1, Formula::new("=1+1").set_result("2")).unwrap();
        sheet.write_formula(8, 2, Formula::new("=\"a\"&\"b\"").set_result("ab")).unwrap();
        sheet.write_formula(8, 3, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
        sheet.write_url(9, 1, "https://example.com/?a=1&b=2").unwrap();
        sheet.write_string(11, 0, "𠀀 astral").unwrap();
        let hidden = workbook.add_worksheet().set_name("Hidden").unwrap();
        hidden.set_hidden(true);
        hidden.write_number(0, 0, 1.0).unwrap();
        workbook.add_worksheet().set_name("Empty").unwrap();
        let mut chart = Chart::new(ChartType::Column);
        chart.add_series().set_values("Hidden!$A$1:$A$1");
        workbook.add_chartsheet().set_name("Chart").unwrap().insert_chart(0, 0, &chart).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        assert_same(&bytes);
        assert_same(&std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders.xlsx")).unwrap());
    }

    /// A stored (uncompressed) zip of `parts`.
    fn stored_zip(parts: &[(&str, &str)]) -> Vec<u8> {
        let (mut out, mut directory) = (Vec::new(), Vec::new());
        for (name, text) in parts {
            let (crc, size, offset) = (crc32(text.as_bytes()), text.len() as u32, out.len() as u32);
            let header = |signature: u32, central: bool| {
                let mut h = signature.to_le_bytes().to_vec();
                if central {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                for v in [20u16, 0, 0, 0, 0] {
                    h.extend_from_slice(&v.to_le_bytes());
                }
                for v in [crc, size, size] {
                    h.extend_from_slice(&v.to_le_bytes());
                }
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central {
                    h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                    h.extend_from_slice(&0u32.to_le_bytes());
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.extend_from_slice(text.as_bytes());
            directory.extend(header(0x0201_4b50, true));
        }
        let (start, length) = (out.len() as u32, directory.len() as u32);
        out.extend(directory);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, parts.len() as u16, parts.len() as u16] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn hand_written(sheet_data: &str, date1904: bool) -> Vec<u8> {
        let strings = r#"<sst count="3" uniqueCount="3"><si><t>plain</t></si><si><r><t xml:space="preserve">rich </t></r><r><rPr><b/></rPr><t>run</t></r><rPh sb="0" eb="1"><t>フリ</t></rPh></si><si><t/></si></sst>"#;
        workbook_with(sheet_data, date1904, strings)
    }

    /// A stored workbook of one sheet holding `sheet_data`, with the shared strings part `strings`.
    fn workbook_with(sheet_data: &str, date1904: bool, strings: &str) -> Vec<u8> {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>"#;
        let workbook = format!(
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="{}"/><sheets><sheet name="S &amp; 1" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="x">S!$A$1</definedName></definedNames></workbook>"#,
            u8::from(date1904)
        );
        let workbook_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let styles = r#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00_);[Red]\(0.00\)"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs></styleSheet>"#;
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D9"/><sheetData>{sheet_data}</sheetData></worksheet>"#
        );
        stored_zip(&[
            ("[Content_Types].xml", "<Types/>"),
            ("_rels/.rels", rels),
            ("xl/workbook.xml", &workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", strings),
            ("XL/Worksheets/Sheet1.xml", &sheet),
        ])
    }

    /// A reference past XFD or row 1,048,576, or one that would wrap a u32, is refused with a coded error that
    /// says so; it never wraps into a position nor sizes a grid.
    #[test]
    fn references_past_the_sheet_limits_are_refused() {
        let far_cells = ["ZZZZZZZ6", "A4294967295", "A4294967297", "XFE1", "A1048577", "AAAAAAAAAAAAAAAAAAAAAA2"];
        let far_rows = [r#"<row r="1048577"><c><v>2</v></c></row>"#, r#"<row r="99999999999"><c><v>2</v></c></row>"#];
        let sheets =
            far_cells.iter().map(|far| format!(r#"<row r="1"><c r="A1"><v>1</v></c><c r="{far}"><v>2</v></c></row>"#));
        for sheet in sheets.chain(far_rows.iter().map(|row| format!(r#"<row><c><v>1</v></c></row>{row}"#))) {
            let error = read_sheet(&hand_written(&sheet, false), None).err().unwrap_or_else(|| panic!("read {sheet}"));
            assert_eq!(error.code(), "not_text", "{sheet}");
            assert!(error.to_string().contains("past the sheet's limits"), "{sheet}: {error}");
        }
        // The last row and column are inside.
        assert_eq!(cell_reference("XFD1048576").unwrap(), (MAX_SHEET_ROWS - 1, Some(MAX_SHEET_COLUMNS - 1)));
        assert_eq!(cell_reference("xfd1").unwrap(), (0, Some(MAX_SHEET_COLUMNS - 1)));
    }

    /// One stray far cell (XFD2000, XFD1048576) is one more sparse cell, not a grid of empty ones: the sheet
    /// reads as the rows that hold cells, and a wide sparse row reads as empty cells between its cells.
    #[test]
    fn a_stray_far_cell_is_stored_sparsely() {
        let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="B2"><v>3</v></c><c r="A2"><v>1</v></c><c r="A2"><v>4</v></c></row>"#;
        for far in ["XFD2000", "XFD1048576", "A1048576"] {
            let sheet = format!(r#"{data}<row><c r="{far}"><v>9</v></c></row>"#);
            let (_, rows) = read_sheet(&hand_written(&sheet, false), None).unwrap();
            let (column, number) = cell_reference(far).unwrap();
            let rows: Vec<_> = rows.into_iter().map(|r| (r.number, r.cells)).collect();
            let text = |c: &[(u32, &str)]| c.iter().map(|&(i, t)| (i, t.to_string())).collect::<Vec<_>>();
            assert_eq!(
                rows,
                vec![
                    (1, text(&[(0, "plain"), (1, "2")])),
                    (2, text(&[(0, "4"), (1, "3")])),
                    (u64::from(column) + 1, text(&[(number.unwrap(), "9")])),
                ],
                "{far}"
            );
            let record = crate::ingest::records::OwnedRecord::new(rows[2].0, &rows[2].1);
            let record = record.as_record();
            assert_eq!(record.field_count(), number.unwrap() as usize + 1);
            let last = number.unwrap() as usize;
            assert_eq!((record.field(last), record.field(last + 1)), ("9", ""));
            assert_eq!(record.field(last.saturating_sub(1)), if last == 0 { "9" } else { "" });
            assert!(!record.is_blank() && record.text(b',').chars().count() <= 201);
        }
    }

    /// A shared string referenced by many cells counts once per reference against the workbook limit: past it,
    /// `too_large` with the limit, before the copies are made (here with a 1 MiB limit instead of 512 MiB).
    #[test]
    fn shared_strings_referenced_by_many_cells_count_against_the_limit() {
        let limit = 1 << 20;
        let cells = |count: usize| -> String {
            (1..=count).map(|row| format!(r#"<row r="{row}"><c r="A{row}" t="s"><v>0</v></c></row>"#)).collect()
        };
        let strings = format!(r#"<sst count="1" uniqueCount="1"><si><t>{}</t></si></sst>"#, "x".repeat(10_000));
        let workbook = |count: usize| workbook_with(&cells(count), false, &strings);
        let cells_limit = crate::catalog::limits::SHEET_CELLS;
        let (_, rows) = read_sheet_within(&workbook(50), None, limit, cells_limit).unwrap();
        assert_eq!(rows.len(), 50);
        let error = read_sheet_within(&workbook(200), None, limit, cells_limit).err().unwrap();
        assert_eq!(error.code(), "too_large");
        let ErrorKind::TooLarge { bytes, limit: reported, .. } = error.kind() else { panic!("{error}") };
        assert_eq!(*reported, limit);
        assert!(*bytes > limit && *bytes < limit + 20_000, "stopped at the first copy past the limit: {bytes}");
    }

    /// hostile input (issue 18): the sheet's cells with a value are counted as they are read (a few far apart
    /// count as few): past the limit, `too_many_cells` with it (here 100 instead of catalog().limits.sheetCells).
    #[test]
    fn hostile_cells_past_the_sheet_cells_limit_are_too_many_cells() {
        let cells = |count: usize| -> String {
            (1..=count).map(|row| format!(r#"<row r="{row}"><c r="A{row}"><v>{row}</v></c></row>"#)).collect()
        };
        let far = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
        let sst = r#"<sst count="0" uniqueCount="0"></sst>"#;
        let (_, rows) = read_sheet_within(&workbook_with(far, false, sst), None, MAX_UNCOMPRESSED_BYTES, 100).unwrap();
        assert_eq!(rows.len(), 2);
        let (_, rows) =
            read_sheet_within(&workbook_with(&cells(100), false, sst), None, MAX_UNCOMPRESSED_BYTES, 100).unwrap();
        assert_eq!(rows.len(), 100);
        let error = read_sheet_within(&workbook_with(&cells(101), false, sst), None, MAX_UNCOMPRESSED_BYTES, 100)
            .err()
            .unwrap();
        assert_eq!(error.kind(), &ErrorKind::TooManyCells { cells: 101, limit: 100 });
        assert_eq!(read_sheet(&workbook_with(&cells(101), false, sst), None).unwrap().1.len(), 101, "the real limit");
    }

    /// Every byte of a workbook changed, one at a time, and every length cut: refused or read, never a panic.
    #[test]
    fn damaged_workbooks_never_panic() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/orders.xlsx")).unwrap();
        for at in 0..bytes.len() {
            for value in [0x00, 0xFF, bytes[at] ^ 0x01] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = read_sheet(&damaged, None);
            }
            let _ = read_sheet(&bytes[..at], None);
        }
    }

    #[test]
    fn hand_written_parts() {
        let rows = [
            // Cells and rows without references, inline strings, every type, styles by index.
            r#"<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="inlineStr"><is><t> in&#10;line </t></is></c></row>"#,
            r#"<row r="3"><c r="B3" s="1"><v>45359</v></c><c s="2"><v>12.5</v></c><c s="3"><v>45359.5</v></c><c s="9"><v>7</v></c></row>"#,
            r#"<row r="4"><c t="b"><v>1</v></c><c t="b"><v>false</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>x_x000D_y &amp; z</v></c><c t="d"><v>2024-03-05T00:00:00</v></c></row>"#,
            r#"<row r="6"><c r="A6"><v>not a number</v></c><c r="C6"><v></v></c><c r="D6" t="n"><v/></c><c r="E6"><v>&#49;</v></c></row>"#,
            r#"<row r="8"><c r="D8" t="inlineStr"><v>ignored</v><is><r><t>a</t></r><r><t>b</t></r></is></c><c r="F8" s="1"><v>0</v></c><c r="G8" s="1"><v>-3</v></c></row>"#,
            r#"<row r="9"><c r="A9"><f>NOW()</f></c><c r="B9"><![CDATA[ignored]]><v>3</v></c></row>"#,
        ];
        for date1904 in [false, true] {
            assert_same(&hand_written(&rows.concat(), date1904));
            for row in rows {
                assert_same(&hand_written(row, date1904));
            }
            assert_same(&hand_written("", date1904));
        }
        // Refused by both: a shared string that is not there, an unknown error, a bad boolean, a bad reference.
        for bad in [
            r#"<row><c t="s"><v>9</v></c></row>"#,
            r#"<row><c t="e"><v>#OOPS</v></c></row>"#,
            r#"<row><c t="b"><v>2</v></c></row>"#,
            r#"<row><c r="A0"><v>1</v></c></row>"#,
            r#"<row><c t="n"><v>x</v></c></row>"#,
        ] {
            assert_same(&hand_written(bad, false));
        }
    }
}
