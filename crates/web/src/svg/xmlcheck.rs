//! A small XML well-formedness checker for the tests: one root element, balanced tags,
//! well-formed names, quoted and unique attributes, known entities, no stray `<` or `&`.

pub(crate) fn check(xml: &str) -> Result<(), String> {
    let b = xml.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    while i < b.len() {
        if b[i] == b'<' {
            if xml[i..].starts_with("<!--") {
                let end = xml[i + 4..].find("-->").ok_or("unterminated comment")?;
                i += 4 + end + 3;
            } else if xml[i..].starts_with("</") {
                let (name, next) = name_at(xml, i + 2)?;
                let next = skip_ws(b, next);
                if b.get(next) != Some(&b'>') {
                    return Err(format!("bad end tag </{name} at {i}"));
                }
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => return Err(format!("</{name}> at {i} closes {other:?}")),
                }
                i = next + 1;
            } else {
                if stack.is_empty() {
                    roots += 1;
                }
                let (name, mut j) = name_at(xml, i + 1)?;
                let mut attrs: Vec<&str> = Vec::new();
                loop {
                    let k = skip_ws(b, j);
                    match b.get(k) {
                        Some(b'>') => {
                            stack.push(name);
                            i = k + 1;
                            break;
                        }
                        Some(b'/') if b.get(k + 1) == Some(&b'>') => {
                            i = k + 2;
                            break;
                        }
                        Some(_) if k > j => {
                            let (attr, after) = name_at(xml, k)?;
                            if attrs.contains(&attr) {
                                return Err(format!("duplicate attribute {attr} on <{name}>"));
                            }
                            attrs.push(attr);
                            let eq = skip_ws(b, after);
                            if b.get(eq) != Some(&b'=') {
                                return Err(format!("attribute {attr} without value"));
                            }
                            let q = skip_ws(b, eq + 1);
                            let quote = *b.get(q).ok_or("end of input in attribute")?;
                            if quote != b'"' && quote != b'\'' {
                                return Err(format!("unquoted attribute {attr}"));
                            }
                            let end = b[q + 1..]
                                .iter()
                                .position(|&c| c == quote)
                                .ok_or("unterminated attribute")?;
                            let value = &xml[q + 1..q + 1 + end];
                            if value.contains('<') {
                                return Err(format!("`<` in attribute {attr}"));
                            }
                            entities(value)?;
                            j = q + 1 + end + 1;
                        }
                        _ => return Err(format!("bad tag <{name} at {i}")),
                    }
                }
            }
        } else {
            let end = xml[i..].find('<').map_or(b.len(), |n| i + n);
            let text = &xml[i..end];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root at {i}"));
            }
            entities(text)?;
            i = end;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{open}> not closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    i
}

fn name_at(xml: &str, i: usize) -> Result<(&str, usize), String> {
    let rest = &xml[i..];
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
        .unwrap_or(rest.len());
    let name = &rest[..len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == ':') {
        return Err(format!("bad name at {i}"));
    }
    Ok((name, i + len))
}

fn entities(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(p) = rest.find('&') {
        let after = &rest[p + 1..];
        let end = after.find(';').ok_or("`&` without `;`")?;
        let ent = &after[..end];
        let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
            || ent
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || ent
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("unknown entity &{ent};"));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_well_formed() {
        assert_eq!(check("<a x=\"1\" y='&amp;'><b/>t &lt; &#39;<!-- c --></a>"), Ok(()));
    }

    #[test]
    fn rejects_broken() {
        for bad in [
            "<a>",
            "<a></b>",
            "<a x=1/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a>&nbsp;</a>",
            "<a>&</a>",
            "<a>x < y</a>",
            "<a/><b/>",
            "<a x=\"<\"/>",
            "text<a/>",
            "<a x=\"1\"y=\"2\"/>",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
