//! Percent-encoding of values put into links: a path segment, or a value in a query string.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a path segment keeps: RFC 3986's unreserved characters (letters, digits, `-._~`).
/// Everything else is encoded, so `/`, `?`, `#`, quotes and spaces cannot leave the segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a query value keeps: the unreserved characters and `/`, which a query may hold
/// as it is (RFC 3986 §3.4), so that `next=/kasus/1` stays readable. `&`, `=`, `+`, `#`,
/// `?` and spaces are encoded (a space as `%20`).
const QUERY_VALUE: &AsciiSet = &PATH_SEGMENT.remove(b'/');

/// `s` as one URL path segment.
pub fn path_segment(s: &str) -> String {
    utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

/// `s` as the value of a query parameter.
pub fn query_value(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_segment_encodes_the_slash_a_query_value_keeps_it() {
        let value = "a/b c&d=é";
        assert_eq!(path_segment(value), "a%2Fb%20c%26d%3D%C3%A9");
        assert_eq!(query_value(value), "a/b%20c%26d%3D%C3%A9");
    }

    #[test]
    fn plain_values_stay_as_they_are() {
        assert_eq!(path_segment("32.04"), "32.04");
        assert_eq!(query_value("/kasus/baru-1_x~"), "/kasus/baru-1_x~");
        assert_eq!(path_segment("a/b?c#d e\"f"), "a%2Fb%3Fc%23d%20e%22f");
        assert_eq!(query_value("?#+"), "%3F%23%2B");
    }
}
