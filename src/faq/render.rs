//! Markdown to Telegram HTML, block by block, packed into messages under Telegram's length limit.
//! Telegram's HTML knows b, i, a, code and pre only: headings become bold lines, lists get bullets.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::message::escape;

/// Telegram's limit is 4096 characters after entity parsing; HTML tags only make our count longer,
/// so measuring the HTML in UTF-16 units keeps every message safely under it.
pub const MESSAGE_LIMIT: usize = 4000;

/// Something in the markdown that Telegram cannot show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkupProblem {
    RawHtml,
    Image,
    Table,
    RelativeLink(String),
}

impl std::fmt::Display for MarkupProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RawHtml => f.write_str("raw HTML is not allowed; use markdown"),
            Self::Image => f.write_str("images are not supported"),
            Self::Table => f.write_str("tables are not supported; use a list"),
            Self::RelativeLink(url) => write!(f, "link '{url}' must be an absolute https:// URL"),
        }
    }
}

/// Lists what in `markdown` would not survive rendering.
pub fn check_markup(markdown: &str) -> Vec<MarkupProblem> {
    let mut problems = Vec::new();
    for line in markdown.lines() {
        let line = line.trim();
        if line.starts_with('|') && line.ends_with('|') && line.len() > 2 {
            problems.push(MarkupProblem::Table);
            break;
        }
    }
    for event in Parser::new(markdown) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => problems.push(MarkupProblem::RawHtml),
            Event::Start(Tag::Image { .. }) => problems.push(MarkupProblem::Image),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let ok = url::Url::parse(&dest_url)
                    .is_ok_and(|u| matches!(u.scheme(), "https" | "http" | "mailto" | "tel"));
                if !ok {
                    problems.push(MarkupProblem::RelativeLink(dest_url.to_string()));
                }
            }
            _ => {}
        }
    }
    problems.dedup();
    problems
}

/// Renders markdown to Telegram HTML, one string per top-level block.
pub fn render_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(tag) => {
                depth += 1;
                open_tag(&tag, &mut current, &mut lists);
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                close_tag(end, &mut current, &mut lists);
                if depth == 0 {
                    let block = current.trim().to_owned();
                    if !block.is_empty() {
                        blocks.push(block);
                    }
                    current.clear();
                }
            }
            Event::Text(text) => current.push_str(&escape(&text)),
            Event::Code(code) => {
                current.push_str("<code>");
                current.push_str(&escape(&code));
                current.push_str("</code>");
            }
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::Rule => blocks.push("———".to_owned()),
            // Raw HTML and the rest are refused by `check_markup`; if they slip through, show them as text.
            Event::Html(html) | Event::InlineHtml(html) => current.push_str(&escape(&html)),
            _ => {}
        }
    }
    blocks
}

fn open_tag(tag: &Tag<'_>, out: &mut String, lists: &mut Vec<Option<u64>>) {
    match tag {
        Tag::Heading { .. } | Tag::Strong => out.push_str("<b>"),
        Tag::Emphasis => out.push_str("<i>"),
        Tag::Strikethrough => out.push_str("<s>"),
        Tag::CodeBlock(_) => out.push_str("<pre>"),
        Tag::Link { dest_url, .. } => {
            out.push_str("<a href=\"");
            out.push_str(&escape(dest_url));
            out.push_str("\">");
        }
        Tag::List(start) => {
            if !lists.is_empty() {
                out.push('\n');
            }
            lists.push(*start);
        }
        Tag::Item => {
            let indent = "   ".repeat(lists.len().saturating_sub(1));
            out.push_str(&indent);
            match lists.last_mut() {
                Some(Some(number)) => {
                    out.push_str(&format!("{number}. "));
                    *number += 1;
                }
                _ => out.push_str("• "),
            }
        }
        _ => {}
    }
}

fn close_tag(end: TagEnd, out: &mut String, lists: &mut Vec<Option<u64>>) {
    match end {
        TagEnd::Heading(level) => {
            out.push_str("</b>");
            if level > HeadingLevel::H1 {
                out.push('\n');
            }
        }
        TagEnd::Strong => out.push_str("</b>"),
        TagEnd::Emphasis => out.push_str("</i>"),
        TagEnd::Strikethrough => out.push_str("</s>"),
        TagEnd::CodeBlock => out.push_str("</pre>"),
        TagEnd::Link => out.push_str("</a>"),
        TagEnd::List(_) => {
            lists.pop();
            while out.ends_with('\n') {
                out.pop();
            }
        }
        TagEnd::Item => {
            while out.ends_with('\n') {
                out.pop();
            }
            out.push('\n');
        }
        TagEnd::Paragraph if !lists.is_empty() => {}
        TagEnd::Paragraph => out.push('\n'),
        _ => {}
    }
}

/// Length as Telegram counts it: UTF-16 code units.
pub fn telegram_length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Joins rendered blocks with blank lines into as few messages as fit under `limit`.
/// A block is never cut in the middle of a tag; a single block longer than `limit` is split as text.
pub fn pack_blocks(blocks: &[String], limit: usize) -> Vec<String> {
    let mut messages = Vec::new();
    let mut current = String::new();
    for block in blocks {
        let pieces = if telegram_length(block) > limit {
            split_oversized(block, limit)
        } else {
            vec![block.clone()]
        };
        for piece in pieces {
            let joined = telegram_length(&current) + 2 + telegram_length(&piece);
            if !current.is_empty() && joined > limit {
                messages.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str("\n\n");
            }
            current.push_str(&piece);
        }
    }
    if !current.is_empty() {
        messages.push(current);
    }
    messages
}

/// Cuts an oversized block into plain-text pieces at line or word boundaries (markup is dropped
/// so that no tag is left open).
fn split_oversized(block: &str, limit: usize) -> Vec<String> {
    let plain = strip_tags(block);
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in plain.split_inclusive([' ', '\n']) {
        if telegram_length(&current) + telegram_length(word) > limit && !current.is_empty() {
            pieces.push(std::mem::take(&mut current).trim_end().to_owned());
        }
        if telegram_length(word) > limit {
            let chars: Vec<char> = word.chars().collect();
            for chunk in chars.chunks(limit / 2) {
                pieces.push(chunk.iter().collect());
            }
            continue;
        }
        current.push_str(word);
    }
    if !current.trim().is_empty() {
        pieces.push(current.trim_end().to_owned());
    }
    pieces
}

/// How many characters a reader sees: tags dropped, entities counted as the one character they show.
pub fn visible_length(html: &str) -> usize {
    strip_tags(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .chars()
        .count()
}

/// Drops tags from our HTML, keeping entities escaped (the result is still valid Telegram HTML).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_markdown_articles_use() {
        let blocks = render_blocks(
            "Hello **you** & *them*.\n\n## Details\n- one\n- [two](https://x.nhs.uk/?a=1&b=2)\n\n1. first\n2. second",
        );
        assert_eq!(blocks[0], "Hello <b>you</b> &amp; <i>them</i>.");
        assert_eq!(blocks[1], "<b>Details</b>");
        assert_eq!(
            blocks[2],
            "• one\n• <a href=\"https://x.nhs.uk/?a=1&amp;b=2\">two</a>"
        );
        assert_eq!(blocks[3], "1. first\n2. second");
    }

    #[test]
    fn long_text_is_split_below_the_limit_with_balanced_tags() {
        let paragraph = format!("**Bold start** {}", "word ".repeat(300));
        let markdown = vec![paragraph; 8].join("\n\n");
        let messages = pack_blocks(&render_blocks(&markdown), MESSAGE_LIMIT);
        assert!(messages.len() > 1);
        for message in &messages {
            assert!(telegram_length(message) <= MESSAGE_LIMIT);
            assert_eq!(
                message.matches("<b>").count(),
                message.matches("</b>").count()
            );
        }
    }

    #[test]
    fn a_single_giant_block_is_cut_into_pieces() {
        let giant = format!("**x** {}", "ü".repeat(10_000));
        let messages = pack_blocks(&render_blocks(&giant), 1000);
        assert!(messages.iter().all(|m| telegram_length(m) <= 1000));
        assert!(!messages.iter().any(|m| m.contains("<b>")));
    }

    #[test]
    fn markup_telegram_cannot_show_is_reported() {
        assert_eq!(check_markup("<b>hi</b>"), vec![MarkupProblem::RawHtml]);
        assert_eq!(
            check_markup("![x](https://a/b.png)"),
            vec![MarkupProblem::Image]
        );
        assert_eq!(
            check_markup("[x](/local)"),
            vec![MarkupProblem::RelativeLink("/local".into())]
        );
        assert_eq!(
            check_markup("| a | b |\n|---|---|"),
            vec![MarkupProblem::Table]
        );
        assert!(check_markup("[ok](https://www.nhs.uk)").is_empty());
    }
}
