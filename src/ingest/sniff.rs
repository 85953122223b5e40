//! Looks at the first bytes of a file: is it text, which encoding, which delimiter.

use super::records::RecordSplitter;
use super::text::{self, TextEncoding, UTF_8};
use crate::error::{Error, ErrorKind};

/// How many bytes are looked at before deciding encoding and delimiter.
pub const SNIFF_BYTES: usize = 128 * 1024;

/// The encoding of the bytes and how many BOM bytes to skip (`needs_full_module` in the UTF-8-only build for a
/// file in another encoding: see [`text`]).
pub fn detect_encoding(sample: &[u8], is_complete: bool, label: Option<&str>) -> Result<(TextEncoding, usize), Error> {
    if let Some(found) = text::for_bom(sample) {
        return found;
    }
    if let Some(label) = label {
        return Ok((text::check_label(label)?, 0));
    }
    if let Some(looks_like) = binary_signature(sample) {
        return Err(Error::new(ErrorKind::NotText { looks_like: looks_like.to_string() }));
    }
    if is_mostly_utf8(sample, is_complete) {
        return Ok((UTF_8, 0));
    }
    Ok((text::guess_legacy(sample, is_complete)?, 0))
}

/// UTF-8, or UTF-8 with a few lines in another encoding (a file another program appended to): at least three
/// valid non-ASCII lines per invalid one. The stray lines are then reported by the row builder instead of the
/// whole file being misread in a legacy encoding. A line cut at the end of an incomplete sample is not counted.
fn is_mostly_utf8(sample: &[u8], is_complete: bool) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut lines = sample.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_ascii() || (!is_complete && lines.peek().is_none()) {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => valid += 1,
            Err(_) => invalid += 1,
        }
    }
    invalid == 0 || valid >= 3 * invalid
}

/// A short description when the bytes are clearly not a text export.
fn binary_signature(sample: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive or an .xlsx workbook"),
        (b"\xD0\xCF\x11\xE0", "an old Excel .xls workbook (save it as .xlsx or CSV)"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "a gzip archive"),
    ];
    if let Some((_, name)) = SIGNATURES.iter().find(|(magic, _)| sample.starts_with(magic)) {
        return Some(name);
    }
    let head = &sample[..sample.len().min(8192)];
    if head.contains(&0) {
        return Some("binary data (it contains NUL bytes)");
    }
    // platforms2 (issue 12): an XML export is no table (Salesforce Commerce Cloud's order export is XML).
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).trim_ascii_start();
    if text.starts_with(b"<?xml") || text.starts_with(b"<orders") {
        let commerce_cloud = head.windows(32).any(|w| w == b"demandware.com/xml/impex/order/2");
        return Some(if commerce_cloud {
            "a Salesforce Commerce Cloud XML order export (export the orders as CSV, e.g. from a report, instead)"
        } else {
            "an XML document"
        });
    }
    None
}

/// The delimiter among `,` `;` tab `|` that splits the sample's records most consistently.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut best = (b',', 0usize, 0usize); // (delimiter, consistent records, fields)
    for delimiter in CANDIDATES {
        let mut counts: Vec<usize> = Vec::new();
        let mut splitter = RecordSplitter::new(delimiter);
        let _ = splitter.feed(text, |r| {
            counts.push(r.field_count());
            if counts.len() >= 100 {
                Err(())
            } else {
                Ok(())
            }
        });
        // The last record of a sample may be cut: ignore it unless it is the only one besides the header.
        if counts.len() > 2 {
            counts.pop();
        }
        let Some(&header_fields) = counts.first() else { continue };
        if header_fields < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == header_fields).count();
        if (consistent, header_fields) > (best.1, best.2) {
            best = (delimiter, consistent, header_fields);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_found_with_quotes_in_the_way() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n\"1,5\";2;3\n4,5;5;6\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n"), b'|');
    }

    #[test]
    #[cfg(feature = "legacy-encodings")]
    fn encodings_from_bom_option_and_content() {
        use encoding_rs::UTF_16LE;
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFa,b", true, None).unwrap(), (UTF_8, 3));
        assert_eq!(detect_encoding(b"\xFF\xFEa\x00", true, None).unwrap(), (UTF_16LE, 2));
        assert_eq!(detect_encoding("客户,金额".as_bytes(), true, None).unwrap().0, UTF_8);
        let (gbk_bytes, _, _) = encoding_rs::GBK.encode("客户编号,订单日期,实付金额\n张三,2024-01-02,12.5\n");
        assert_eq!(detect_encoding(&gbk_bytes, true, None).unwrap().0.name(), "GBK");
        assert_eq!(detect_encoding(b"a,b", true, Some("big5")).unwrap().0.name(), "Big5");
        assert_eq!(detect_encoding(b"%PDF-1.7", true, None).unwrap_err().code(), "not_text");
        assert_eq!(detect_encoding(b"a\x00b", true, None).unwrap_err().code(), "not_text");
    }
}
