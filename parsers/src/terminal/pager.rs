//! Pager prompts: what NX-OS, IOS, IOS-XE and IOS-XR print while paging is on, and how they
//! are found in a byte stream (to answer them) and removed from a line (to clean it).

use std::borrow::Cow;

/// Pager prompts, in the order [`strip`] removes them. ` --More-- ` (IOS) is `--More--` with
/// blanks around it, so it needs no entry of its own.
pub const PROMPTS: [&str; 3] = ["<--- More --->", "--More--", "-- More --"];

/// The pager prompt IOS and IOS-XE print (and the simulator imitates): ` --More-- `.
pub const IOS_MORE: &str = " --More-- ";

/// Where the first pager prompt in `hay` ends, if there is one (the byte after it).
pub fn find_end(hay: &[u8]) -> Option<usize> {
    PROMPTS
        .iter()
        .filter_map(|p| {
            let p = p.as_bytes();
            hay.windows(p.len())
                .position(|w| w == p)
                .map(|at| (at, at + p.len()))
        })
        .min()
        .map(|(_, end)| end)
}

/// Removes pager prompts (`--More--`, ` --More-- `, `<--- More --->`, `-- More --`), also
/// those that only form once an inner one is gone. Linear: a stack drops each prompt as its
/// last character arrives, which removes what repeated leftmost search-and-delete removes.
pub fn strip(s: &str) -> Cow<'_, str> {
    // Every pager prompt has a `--`.
    if !s.contains("--") || !PROMPTS.iter().any(|m| s.contains(m)) {
        return Cow::Borrowed(s);
    }
    let mut out = s.to_string();
    for pat in PROMPTS {
        if !out.contains(pat) {
            continue;
        }
        let mut stack = String::with_capacity(out.len());
        for c in out.chars() {
            stack.push(c);
            if stack.ends_with(pat) {
                stack.truncate(stack.len() - pat.len());
            }
        }
        out = stack;
    }
    Cow::Owned(out)
}

/// `blank[i]`: `chars[i..]` is only whitespace and pager prompts. One pass from the end, so a
/// line of many `\r` stays linear (checking each `\r`'s rest anew was quadratic).
pub(crate) fn blank_suffixes(chars: &[char]) -> Vec<bool> {
    let mut blank = vec![true; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        blank[i] = if chars[i].is_whitespace() {
            blank[i + 1]
        } else {
            PROMPTS.iter().any(|m| {
                let end = i + m.len();
                chars
                    .get(i..end)
                    .is_some_and(|s| s.iter().copied().eq(m.chars()))
                    && blank[end]
            })
        };
    }
    blank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pager_prompt_is_found_in_a_stream() {
        assert_eq!(find_end(b"page1\r\n --More-- "), Some(16));
        assert_eq!(find_end(b"x--More--"), Some(9));
        assert_eq!(find_end(b"<--- More --->"), Some(14), "the whole marker");
        assert_eq!(find_end(b"a -- More -- b"), Some(12));
        assert_eq!(find_end(b"----- table rule -----"), None);
    }

    #[test]
    fn every_pager_prompt_is_stripped() {
        assert_eq!(strip("a --More-- b"), "a  b");
        assert_eq!(strip(IOS_MORE), "  ");
        assert_eq!(strip("a<--- More --->b"), "ab");
        assert_eq!(strip("a-- More --b"), "ab");
        assert!(matches!(strip("-----"), Cow::Borrowed("-----")));
    }

    #[test]
    fn nested_pager_prompts_are_removed_like_repeated_search_and_delete() {
        assert_eq!(strip("--Mo--More--re--x"), "x");
        assert_eq!(strip("--More--More--"), "More--");
        assert_eq!(strip("<--- M<--- More --->ore --->--More--"), "");
        assert_eq!(strip("é--More--ü"), "éü");
    }
}
