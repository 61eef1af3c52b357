//! Telegram HTML as terminal text: tags dropped, links shown with their address, entities decoded.

/// Renders the bot's HTML as plain text.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut link: Option<String> = None;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&decode(&rest[start..]));
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        if let Some(href) = tag
            .strip_prefix("a href=\"")
            .and_then(|t| t.strip_suffix('"'))
        {
            link = Some(decode(href));
        } else if tag == "/a"
            && let Some(url) = link.take()
        {
            out.push_str(&format!(" ({url})"));
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&decode(rest));
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_their_address_and_entities_are_decoded() {
        assert_eq!(
            plain_text("<b>Hi</b> &amp; see <a href=\"https://nhs.uk/?a=1&amp;b=2\">NHS</a> &lt;3"),
            "Hi & see NHS (https://nhs.uk/?a=1&b=2) <3"
        );
    }
}
