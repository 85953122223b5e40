// split (issue 17.13): the decoding of text files, in two builds of the same code.
//! Bytes of a text file → UTF-8, for the record splitter.
//!
//! With the feature `legacy-encodings` (the full module, and every native build) every WHATWG encoding is read
//! through `encoding_rs`, and files without a byte-order mark are guessed by `chardetng`. Without it (the page's
//! first-load module, which must stay small: `encoding_rs`'s CJK tables alone are ~112 KB gzipped) only UTF-8 is
//! read, and anything else — a UTF-16 byte-order mark, an encoding option other than UTF-8, a sample that is not
//! mostly UTF-8, or any byte sequence that is not UTF-8 further on — stops the read with `needs_full_module`, so
//! the page reads the file again with the full module. Valid UTF-8 gives the same text in both builds (the BOM
//! removed), so every result is the same whichever module read the file.

use crate::error::Error;

/// The encoding a text file is read in.
#[cfg(feature = "legacy-encodings")]
pub type TextEncoding = &'static encoding_rs::Encoding;

/// The encoding a text file is read in: UTF-8, the only one of this build.
#[cfg(not(feature = "legacy-encodings"))]
#[derive(Clone, Copy, Debug)]
pub struct TextEncoding;

/// UTF-8.
#[cfg(feature = "legacy-encodings")]
pub const UTF_8: TextEncoding = encoding_rs::UTF_8;

/// UTF-8.
#[cfg(not(feature = "legacy-encodings"))]
pub const UTF_8: TextEncoding = TextEncoding;

/// The encoding's WHATWG name ("UTF-8", "GBK"…).
pub fn encoding_name(encoding: TextEncoding) -> &'static str {
    #[cfg(feature = "legacy-encodings")]
    return encoding.name();
    #[cfg(not(feature = "legacy-encodings"))]
    {
        let TextEncoding = encoding;
        "UTF-8"
    }
}

/// Whether this build can read `label` (a WHATWG encoding label); `Err` is the option error or, in the UTF-8
/// build, `needs_full_module` for a label of another encoding.
pub fn check_label(label: &str) -> Result<TextEncoding, Error> {
    #[cfg(feature = "legacy-encodings")]
    return encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        Error::invalid_option(
            "encoding",
            format!("\"{label}\" is not an encoding name; use e.g. \"utf-8\", \"gbk\", \"big5\", \"utf-16le\""),
        )
    });
    #[cfg(not(feature = "legacy-encodings"))]
    {
        // The WHATWG labels of UTF-8, compared as encoding_rs compares them (ASCII whitespace trimmed, any case).
        const UTF_8_LABELS: [&str; 6] =
            ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];
        let trimmed = label.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r'));
        if UTF_8_LABELS.iter().any(|known| known.eq_ignore_ascii_case(trimmed)) {
            Ok(UTF_8)
        } else {
            Err(needs_full("encoding"))
        }
    }
}

/// parallel parsing (issue 20): whether every line-feed byte of text in `encoding` is a line end, so that a file
/// can be cut at one (not UTF-16, whose LF has a NUL beside it, nor ISO-2022-JP's escape states).
pub fn line_feeds_end_lines(encoding: TextEncoding) -> bool {
    #[cfg(feature = "legacy-encodings")]
    return encoding.is_ascii_compatible() && encoding != encoding_rs::ISO_2022_JP;
    #[cfg(not(feature = "legacy-encodings"))]
    {
        let TextEncoding = encoding;
        true
    }
}

/// `needs_full_module` for what this build cannot read (`"encoding"` or `"workbook"`).
#[cfg_attr(feature = "legacy-encodings", allow(dead_code))]
pub fn needs_full(needs: &str) -> Error {
    Error::new(crate::error::ErrorKind::NeedsFullModule { needs: needs.into() })
}

/// The encoding of a file that has a byte-order mark, with the mark's length.
pub fn for_bom(sample: &[u8]) -> Option<Result<(TextEncoding, usize), Error>> {
    #[cfg(feature = "legacy-encodings")]
    return encoding_rs::Encoding::for_bom(sample).map(Ok);
    #[cfg(not(feature = "legacy-encodings"))]
    {
        if sample.starts_with(b"\xEF\xBB\xBF") {
            return Some(Ok((UTF_8, 3)));
        }
        (sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF")).then(|| Err(needs_full("encoding")))
    }
}

/// The encoding of a file without a byte-order mark that is not mostly UTF-8: `chardetng`'s guess, or
/// `needs_full_module` in the UTF-8 build.
pub fn guess_legacy(sample: &[u8], is_complete: bool) -> Result<TextEncoding, Error> {
    #[cfg(feature = "legacy-encodings")]
    {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(sample, is_complete);
        let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
        // UTF-16 without a BOM is not something chardetng guesses; NUL bytes were refused before.
        debug_assert!(guess != encoding_rs::UTF_16LE && guess != encoding_rs::UTF_16BE);
        Ok(guess)
    }
    #[cfg(not(feature = "legacy-encodings"))]
    {
        let _ = (sample, is_complete);
        Err(needs_full("encoding"))
    }
}

/// The sample as text (a character cut at the end of an incomplete sample is left out).
pub fn decode_sample(encoding: TextEncoding, sample: &[u8], is_complete: bool) -> Result<String, Error> {
    #[cfg(feature = "legacy-encodings")]
    {
        let mut decoder = encoding.new_decoder_with_bom_removal();
        let mut text = String::with_capacity(decoder.max_utf8_buffer_length(sample.len()).unwrap_or(sample.len() * 3));
        let _ = decoder.decode_to_string(sample, &mut text, is_complete);
        Ok(text)
    }
    #[cfg(not(feature = "legacy-encodings"))]
    {
        let TextEncoding = encoding;
        let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
        match std::str::from_utf8(sample) {
            Ok(text) => Ok(text.to_string()),
            // Only a character cut by the sample's end is not an error.
            Err(error) if error.error_len().is_none() && !is_complete => {
                Ok(String::from_utf8_lossy(&sample[..error.valid_up_to()]).into_owned())
            }
            Err(_) => Err(needs_full("encoding")),
        }
    }
}

/// A streaming decoder: bytes in, UTF-8 out to a sink, chunks split anywhere (inside a character too).
pub struct TextDecoder {
    #[cfg(feature = "legacy-encodings")]
    decoder: encoding_rs::Decoder,
    /// The decoded text of the last window (reused).
    #[cfg(feature = "legacy-encodings")]
    utf8: Vec<u8>,
    /// The first bytes of a character (or of the BOM) cut by the end of the last window.
    #[cfg(not(feature = "legacy-encodings"))]
    carry: Vec<u8>,
    /// Whether the BOM may still come (nothing was decoded yet).
    #[cfg(not(feature = "legacy-encodings"))]
    at_start: bool,
}

impl TextDecoder {
    /// A decoder of `encoding` that removes the encoding's byte-order mark.
    pub fn new(encoding: TextEncoding) -> TextDecoder {
        #[cfg(feature = "legacy-encodings")]
        return TextDecoder { decoder: encoding.new_decoder_with_bom_removal(), utf8: Vec::new() };
        #[cfg(not(feature = "legacy-encodings"))]
        {
            let TextEncoding = encoding;
            TextDecoder { carry: Vec::new(), at_start: true }
        }
    }

    /// Decodes `window` (`last`: the end of the input), giving the text to `sink` in pieces, each with whether
    /// bytes of it could not be decoded (then replaced by U+FFFD); `needs_full_module` in the UTF-8 build for
    /// bytes that are not UTF-8.
    /// parallel parsing (issue 20): a decoder for bytes from inside the file (a range after the first), which
    /// start after a line end: no byte-order mark is looked for there.
    pub fn mid_file(encoding: TextEncoding) -> TextDecoder {
        #[cfg(feature = "legacy-encodings")]
        return TextDecoder { decoder: encoding.new_decoder_without_bom_handling(), utf8: Vec::new() };
        #[cfg(not(feature = "legacy-encodings"))]
        {
            let TextEncoding = encoding;
            TextDecoder { carry: Vec::new(), at_start: false }
        }
    }

    pub fn decode(&mut self, window: &[u8], last: bool, mut sink: impl FnMut(&[u8], bool)) -> Result<(), Error> {
        #[cfg(feature = "legacy-encodings")]
        {
            /// Bytes decoded at a time (see `DECODE_WINDOW` of the pipeline).
            const OUT: usize = 4 * 64 * 1024 + 64;
            if self.utf8.is_empty() {
                self.utf8.resize(OUT, 0);
            }
            let mut window = window;
            loop {
                let (result, read, written, had_errors) = self.decoder.decode_to_utf8(window, &mut self.utf8, last);
                sink(&self.utf8[..written], had_errors);
                window = &window[read..];
                if result == encoding_rs::CoderResult::InputEmpty {
                    return Ok(());
                }
            }
        }
        #[cfg(not(feature = "legacy-encodings"))]
        {
            // Valid UTF-8 goes to the sink as it is (no copy), but for a character cut by the window's end.
            let joined;
            let mut input = window;
            if !self.carry.is_empty() {
                let mut bytes = std::mem::take(&mut self.carry);
                bytes.extend_from_slice(window);
                joined = bytes;
                input = &joined;
            }
            if self.at_start {
                const BOM: &[u8] = b"\xEF\xBB\xBF";
                if input.len() < BOM.len() && BOM.starts_with(input) && !last {
                    self.carry = input.to_vec();
                    return Ok(());
                }
                self.at_start = false;
                input = input.strip_prefix(BOM).unwrap_or(input);
            }
            match std::str::from_utf8(input) {
                Ok(_) => sink(input, false),
                Err(error) => {
                    let valid = error.valid_up_to();
                    if error.error_len().is_some() || last {
                        return Err(needs_full("encoding"));
                    }
                    sink(&input[..valid], false);
                    self.carry = input[valid..].to_vec();
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks split inside a character and inside the BOM give the text of the whole, the BOM removed.
    #[test]
    fn split_characters_and_the_bom_decode_as_the_whole() {
        let text = "\u{feff}客户,金额\nC1,12.5\n";
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let mut decoder = TextDecoder::new(UTF_8);
            let mut out = Vec::new();
            let mut sink = |piece: &[u8], had_errors: bool| {
                assert!(!had_errors);
                out.extend_from_slice(piece);
            };
            decoder.decode(&bytes[..cut], false, &mut sink).unwrap();
            decoder.decode(&bytes[cut..], true, &mut sink).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), "客户,金额\nC1,12.5\n", "cut at {cut}");
        }
    }

    /// In the UTF-8 build, a byte that is not UTF-8 — in the first bytes or far after them — stops the read with
    /// `needs_full_module`, and the loader takes nothing more.
    #[test]
    #[cfg(not(feature = "legacy-encodings"))]
    fn bytes_that_are_not_utf8_need_the_full_module_and_end_the_read() {
        use crate::ingest::Loader;
        let mut rows = b"customer_id,order_date,amount\n".to_vec();
        for _ in 0..20_000 {
            rows.extend_from_slice(b"C1,2024-03-01,10.50\n");
        }
        for at in [40, rows.len() - 10] {
            let mut bytes = rows.clone();
            bytes[at] = 0xFF;
            let mut loader = Loader::new(Default::default()).unwrap();
            let error = loader.push(&bytes).and_then(|()| loader.push(b"")).unwrap_err();
            assert_eq!(error.code(), "needs_full_module", "a bad byte at {at}");
            assert_eq!(loader.push(b"C2,2024-03-02,1\n").unwrap_err().code(), "invalid_state", "at {at}");
        }
        let mut whole = Loader::new(Default::default()).unwrap();
        whole.push(&rows).unwrap();
        assert_eq!(whole.finish().unwrap().report.rows_used, 20_000);
    }
}
