//! Secrets (passwords, passphrases, URLs whose path or query is a token): never printed,
//! logged or serialised.

use std::fmt;

/// A secret string whose `Debug` and `Display` print a placeholder, so it cannot leak into
/// logs, reports or error messages by accident. Read it with [`Secret::expose`] where it is
/// handed to the SSH library, and nowhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is sent to the device.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A URL whose path, query and user info are secret (a Slack or Teams webhook's token is its
/// path, other endpoints put a `?token=` in the query). `Debug` and `Display` show only the
/// scheme, host and port ([`SecretUrl::shown`]); [`SecretUrl::scrub`] takes every secret part
/// out of text that came back from the endpoint or the HTTP library (an error body echoing the
/// request path, a transport error naming the URL). Any sink that posts to a URL holds one.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl {
    full: String,
    shown: String,
    /// The secret parts, longest first: the whole URL, everything after the authority, the
    /// user info, and each path segment and query name or value (raw and percent-decoded).
    parts: Vec<String>,
}

/// Parts shorter than this are not searched for: `/`, `v1` or `a` would scrub ordinary words
/// out of an error message and hide nothing.
const MIN_SECRET_PART: usize = 3;

impl SecretUrl {
    /// Wraps a URL as given on the command line.
    pub fn new(url: impl Into<String>) -> Self {
        let full = url.into();
        let shown = shown(&full);
        let parts = secret_parts(&full);
        SecretUrl { full, shown, parts }
    }

    /// The whole URL; call only where it is handed to the HTTP client.
    pub fn expose(&self) -> &str {
        &self.full
    }

    /// What errors and logs may show: `scheme://host:port`, with `/…` when a path or query was
    /// left out; `<URL>` when it is not a URL at all.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// `text` with every secret part of the URL replaced by `…`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for part in &self.parts {
            if out.contains(part.as_str()) {
                out = out.replace(part.as_str(), "…");
            }
        }
        out
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretUrl({})", self.shown)
    }
}

impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// `scheme://host:port` of `url`, user info and path left out.
fn shown(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "<URL>".to_string();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let elided = if rest.len() > authority.len() {
        "/…"
    } else {
        ""
    };
    format!("{scheme}://{host}{elided}")
}

/// The parts of `url` that must never be shown, longest first.
fn secret_parts(url: &str) -> Vec<String> {
    let mut parts = vec![url.to_string()];
    match url.split_once("://") {
        Some((_, rest)) => {
            let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(authority_len);
            if let Some((user_info, _)) = authority.rsplit_once('@') {
                parts.push(user_info.to_string());
                parts.extend(user_info.split(':').map(str::to_string));
            }
            parts.push(tail.to_string());
            if let Some(path) = tail.strip_prefix('/') {
                parts.push(path.to_string());
            }
            parts.extend(
                tail.split(['/', '?', '&', '=', '#', ';'])
                    .map(str::to_string),
            );
        }
        // Not a URL: every word of it may be the secret.
        None => parts.extend(
            url.split(['/', '?', '&', '=', '#', ';', ' '])
                .map(str::to_string),
        ),
    }
    let decoded: Vec<String> = parts
        .iter()
        .map(|p| {
            percent_encoding::percent_decode_str(p)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    parts.extend(decoded);
    parts.retain(|p| p.chars().count() >= MIN_SECRET_PART);
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    parts.dedup();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_url_shows_only_scheme_host_and_port() {
        let url = SecretUrl::new("https://user:pw@hooks.example.org:8443/services/T0/B0/tok?k=v");
        assert_eq!(url.shown(), "https://hooks.example.org:8443/…");
        assert_eq!(
            format!("{url} {url:?}"),
            "https://hooks.example.org:8443/… SecretUrl(https://hooks.example.org:8443/…)"
        );
        assert_eq!(
            SecretUrl::new("http://127.0.0.1:9").shown(),
            "http://127.0.0.1:9"
        );
        assert_eq!(SecretUrl::new("not a url /secret").shown(), "<URL>");
    }

    #[test]
    fn scrub_removes_the_path_query_user_info_and_each_of_their_parts() {
        let url =
            SecretUrl::new("http://127.0.0.1:9/services/T000/B000/SECRETTOKEN1?token=QUERYSECRET");
        for echoed in [
            "err /services/T000/B000/SECRETTOKEN1",
            "Cannot POST /services/T000/B000/SECRETTOKEN1?token=QUERYSECRET",
            "unknown token SECRETTOKEN1",
            "bad query token=QUERYSECRET",
            "http://127.0.0.1:9/services/T000/B000/SECRETTOKEN1?token=QUERYSECRET refused",
        ] {
            let clean = url.scrub(echoed);
            for secret in ["SECRETTOKEN1", "QUERYSECRET", "T000", "B000"] {
                assert!(!clean.contains(secret), "{echoed:?} → {clean:?}");
            }
        }
        assert_eq!(url.scrub("connection refused"), "connection refused");
        let encoded = SecretUrl::new("https://h/hook/ab%2Fcd%20ef");
        assert!(!encoded
            .scrub("no route for /hook/ab/cd ef")
            .contains("cd ef"));
    }

    #[test]
    fn secrets_never_format_their_value() {
        let s = Secret::new("hunter2");
        assert_eq!(
            format!("{s} {s:?} {:?}", Some(&s)),
            "*** Secret(***) Some(Secret(***))"
        );
        assert_eq!(s.expose(), "hunter2");
    }
}
