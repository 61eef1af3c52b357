//! Telegram's HTML parse mode, as strictly as Telegram reads it (after tdlib's `parse_html`):
//! only its tags, properly nested and closed, and 1–4096 characters of text once parsed. The
//! fake Bot API refuses a message this refuses, with Telegram's own words.

/// The tags Telegram accepts in HTML parse mode.
const TAGS: &[&str] = &[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

/// Telegram's limit on a message's text, in UTF-16 units, after parsing.
pub const TEXT_LIMIT: usize = 4096;

/// The text a reader sees, or Telegram's reason for refusing the message (as its
/// "Bad Request: …" description says it).
pub fn parse(html: &str) -> Result<String, String> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => i = tag(html, i, &mut open)?,
            b'&' => i = entity(html, i, &mut text),
            _ => {
                let next = next_special(bytes, i);
                text.push_str(&html[i..next]);
                i = next;
            }
        }
    }
    if let Some(unclosed) = open.last() {
        return Err(format!(
            "can't parse entities: Can't find end tag corresponding to start tag \"{unclosed}\""
        ));
    }
    let length = text.encode_utf16().count();
    if text.trim().is_empty() {
        return Err("message text is empty".into());
    }
    if length > TEXT_LIMIT {
        return Err("message is too long".into());
    }
    Ok(text)
}

/// The first line a reader sees with two spaces or more between words, if any; tables laid
/// out in `<pre>` are meant to have them.
pub fn run_of_spaces(html: &str) -> Option<String> {
    let mut prose = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<pre>") {
        prose.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</pre>")
            .map_or("", |(_, after)| after);
    }
    prose.push_str(rest);
    let shown = parse(&prose).unwrap_or(prose);
    shown
        .lines()
        .find(|line| line.trim().contains("  "))
        .map(str::to_owned)
}

/// Where the next `<` or `&` is, or the end.
fn next_special(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| matches!(b, b'<' | b'&'))
        .map_or(bytes.len(), |p| from + p)
}

/// Reads the tag at `at`; where the text goes on.
fn tag(html: &str, at: usize, open: &mut Vec<String>) -> Result<usize, String> {
    let rest = &html[at + 1..];
    let Some(close) = rest.find('>') else {
        return Err(format!(
            "can't parse entities: Unclosed start tag at byte offset {at}"
        ));
    };
    let inside = &rest[..close];
    let after = at + 1 + close + 1;
    if let Some(name) = inside.strip_prefix('/') {
        let name = name.trim().to_lowercase();
        return match open.pop() {
            Some(expected) if expected == name => Ok(after),
            Some(expected) => Err(format!(
                "can't parse entities: Unmatched end tag at byte offset {at}, expected \"</{expected}>\", found \"</{name}>\""
            )),
            None => Err(format!(
                "can't parse entities: Unexpected end tag at byte offset {at}"
            )),
        };
    }
    let name_end = inside
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(inside.len());
    let name = inside[..name_end].to_lowercase();
    if !TAGS.contains(&name.as_str()) {
        return Err(format!(
            "can't parse entities: Unsupported start tag \"{name}\" at byte offset {at}"
        ));
    }
    let attributes = inside[name_end..].trim();
    if name == "a" && !attributes.starts_with("href=") {
        return Err(format!(
            "can't parse entities: a link at byte offset {at} has no href"
        ));
    }
    if !attributes.matches('"').count().is_multiple_of(2) {
        return Err(format!(
            "can't parse entities: Unclosed attribute value at byte offset {at}"
        ));
    }
    open.push(name);
    Ok(after)
}

/// Reads an entity at `at` into `text`; where the text goes on. As Telegram does, an `&` that
/// does not start a known entity stands for itself.
fn entity(html: &str, at: usize, text: &mut String) -> usize {
    let rest = &html[at..];
    let known = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&quot;", '"'),
    ];
    for (name, c) in known {
        if rest.starts_with(name) {
            text.push(c);
            return at + name.len();
        }
    }
    if let Some(number) = rest.strip_prefix("&#")
        && let Some(end) = number.find(';')
    {
        let digits = &number[..end];
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => digits.parse().ok(),
        };
        if let Some(c) = code.and_then(char::from_u32) {
            text.push(c);
            return at + 2 + end + 1;
        }
    }
    text.push('&');
    at + 1
}

#[test]
fn a_run_of_spaces_is_found_outside_tables_only() {
    assert_eq!(
        run_of_spaces("<b>What</b> I store,  and why"),
        Some("What I store,  and why".to_owned())
    );
    assert_eq!(
        run_of_spaces("  indented\n<pre>RWT    WHT</pre> fine"),
        None
    );
}

#[test]
fn telegram_refuses_a_raw_placeholder_and_takes_escaped_text_and_its_tags() {
    assert!(parse("Use /cancelsession <number>.").is_err());
    assert!(parse("Please use plain words, without < or >.").is_err());
    assert!(parse("<b>bold <i>both</b></i>").is_err());
    assert!(parse("<b>never closed").is_err());
    assert!(parse("<a>no address</a>").is_err());
    assert_eq!(
        parse("Use /cancelsession &lt;number&gt; &amp; <b>A & B</b> <a href=\"x\">x</a>"),
        Ok("Use /cancelsession <number> & A & B x".to_owned())
    );
}
