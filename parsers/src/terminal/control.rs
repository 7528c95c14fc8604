//! Control sequences: how a terminal renders one physical line.
//!
//! Backspace erases the character before it, a lone `\r` returns to column 0 (what follows
//! overwrites the line, unless only blanks and pager prompts follow: then devices are wiping a
//! `--More--`, and the earlier text stays), ANSI/VT100 escape sequences vanish (CSI
//! `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, character-set selections `ESC ( B`, other
//! two-byte escapes), other control characters (BEL, NUL, C1) are dropped, tabs become one
//! space, and pager prompts are removed ([`super::pager`]). Linear in the line's length.

use std::borrow::Cow;

use super::pager;

/// Renders one physical line (the text between two `\n`) as a terminal would show it.
///
/// Borrowed when nothing needed rendering. Leading and trailing blanks are kept (the caller
/// decides about indentation); a trailing `\r` (CRLF, `\r\r\n`) is dropped.
pub fn render(physical: &str) -> Cow<'_, str> {
    let physical = physical.trim_end_matches('\r');
    // Most lines hold nothing to render: no escape, carriage return, backspace or pager.
    // Byte test: C0 controls, DEL, and 0xC2 (the lead byte of every C1 control; Latin-1 text
    // merely takes the slow path).
    // A fold without early exit: the compiler turns it into a vector loop.
    let plain = !physical.bytes().fold(false, |hit, b| {
        hit | ((b < 0x20) & (b != b'\t')) | (b == 0x7f) | (b == 0xc2)
    });
    if plain {
        // Borrowed unless a tab or a pager prompt has to be rewritten (a line without any
        // prompt is its own `strip`; `-----` table rules stay borrowed).
        if physical.contains('\t') {
            return Cow::Owned(pager::strip(&physical.replace('\t', " ")).into_owned());
        }
        return pager::strip(physical);
    }
    let chars: Vec<char> = physical.chars().collect();
    let blank_from = pager::blank_suffixes(&chars);
    let mut buf: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\u{8}' => {
                buf.pop();
            }
            '\r' => {
                // Carriage return: what follows overwrites from column 0. Devices use it to
                // wipe `--More--`; keep the earlier text when the rest is only blanks.
                if !blank_from[i] {
                    buf.clear();
                }
            }
            '\u{1b}' => i = skip_escape(&chars, i),
            '\t' => buf.push(' '),
            c if c.is_control() => {}
            c => buf.push(c),
        }
    }
    let s: String = buf.into_iter().collect();
    Cow::Owned(pager::strip(&s).into_owned())
}

/// Skips the escape sequence whose `ESC` was just before `chars[i]`; returns the index after it.
fn skip_escape(chars: &[char], mut i: usize) -> usize {
    match chars.get(i) {
        // CSI: parameters and intermediates, then one final byte in `@`..=`~`.
        Some('[') => {
            i += 1;
            while let Some(&c) = chars.get(i) {
                i += 1;
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
            i
        }
        // OSC: up to BEL or the string terminator `ESC \`.
        Some(']') => {
            i += 1;
            while let Some(&c) = chars.get(i) {
                i += 1;
                if c == '\x07' {
                    break;
                }
                if c == '\x1b' {
                    if chars.get(i) == Some(&'\\') {
                        i += 1;
                    }
                    break;
                }
            }
            i
        }
        // `ESC ( B` and friends select a character set: one more character.
        Some('(') | Some(')') => (i + 2).min(chars.len()),
        // Any other two-character escape (`ESC =`, `ESC 7`, ...).
        Some(_) => i + 1,
        None => i,
    }
}

/// The last line of a byte stream as a terminal shows it: the unterminated text after the last
/// `\n` of the final `tail` bytes, rendered with [`render`].
pub fn last_line(buf: &[u8], tail: usize) -> String {
    let tail = &buf[buf.len().saturating_sub(tail)..];
    let start = tail.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    render(&String::from_utf8_lossy(&tail[start..])).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_are_borrowed_and_keep_their_blanks() {
        assert!(matches!(
            render("  Status: OK  "),
            Cow::Borrowed("  Status: OK  ")
        ));
        assert_eq!(render("a\tb\r"), "a b");
    }

    #[test]
    fn backspace_erases_and_carriage_return_overwrites() {
        assert_eq!(render("abc\u{8}\u{8}xy"), "axy");
        assert_eq!(render("abc\rxy"), "xy");
        assert_eq!(render("abc\r    "), "abc    ");
    }

    #[test]
    fn carriage_return_keeps_text_only_before_blanks_and_pager_prompts() {
        assert_eq!(render("abc --More-- \r          \r").trim(), "abc");
        assert_eq!(render("abc\r<--- More --->\r-- More --"), "abc");
        assert_eq!(render("abc\r--More--x"), "x");
        assert_eq!(render("abc\r\u{1b}[7m\r"), "");
    }

    #[test]
    fn ansi_csi_osc_and_charset_sequences_vanish() {
        assert_eq!(render("\u{1b}[1mswitch#\u{1b}[0m "), "switch# ");
        assert_eq!(render("a\u{1b}[2~b"), "ab");
        assert_eq!(render("\u{1b}]0;title\u{7}sw1#"), "sw1#");
        assert_eq!(render("\u{1b}]0;title\u{1b}\\sw1#"), "sw1#");
        assert_eq!(render("\u{1b}(Bsw1#"), "sw1#");
        assert_eq!(render("x\u{1b}=y\u{1b}"), "xy");
    }

    #[test]
    fn bell_and_nul_are_dropped() {
        assert_eq!(render("a\u{7}b\u{0}c"), "abc");
    }

    #[test]
    fn last_line_is_the_rendered_unterminated_tail() {
        assert_eq!(
            last_line(b"out\r\n\x1b[1mswitch#\x1b[0m ", 1024),
            "switch# "
        );
        assert_eq!(
            last_line(b"a\r\n--More--\r        \rswitch#", 1024),
            "switch#"
        );
        assert_eq!(last_line(b"done\r\n", 1024), "");
        assert_eq!(last_line(b"abcdef", 3), "def");
    }
}
