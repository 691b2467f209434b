//! A line-level edit of block-style YAML: set or remove one scalar at a key path and leave every
//! other line (comments, key order, quoting, blank lines) as the user wrote it, so that `kubectl
//! diff` of the mesh ConfigMap shows only the lines we changed. It understands block mappings with
//! plain keys; anything else (flow mappings on the path, block scalars, anchors, several documents)
//! is `None`, and the caller re-renders the whole document instead. Pure.

fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

fn is_content(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// `key: rest` of a line whose key is plain.
fn key_of(l: &str) -> Option<(&str, &str)> {
    let t = l.trim_start_matches(' ');
    let (k, rest) = t.split_once(':')?;
    let plain = !k.is_empty()
        && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
    (plain && (rest.is_empty() || rest.starts_with(' '))).then_some((k, rest.trim()))
}

/// Whether the text after `key:` opens a nested block (nothing, or only a comment).
fn opens_block(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('#')
}

/// Whether the text after `key:` is a one-line scalar we may replace.
fn is_inline_scalar(rest: &str) -> bool {
    !rest.is_empty() && !rest.starts_with(['#', '|', '>', '{', '[', '&', '*', '!'])
}

/// End (exclusive) of the block under the key line `i`: after its last more-indented content line.
fn block_end(lines: &[String], i: usize) -> usize {
    let mut last = i;
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        if is_content(l) {
            if indent(l) <= indent(&lines[i]) {
                break;
            }
            last = j;
        }
    }
    last + 1
}

/// The direct child `key` of the block `lines[from..to]`: `Ok(None)` if absent, `Err` if the block
/// is not a shape we understand.
fn find_child(lines: &[String], from: usize, to: usize, key: &str) -> Result<Option<usize>, ()> {
    let Some(child_indent) = lines[from..to].iter().find(|l| is_content(l)).map(|l| indent(l))
    else {
        return Ok(None);
    };
    for (i, l) in lines.iter().enumerate().take(to).skip(from) {
        if !is_content(l) || indent(l) > child_indent {
            continue;
        }
        if indent(l) < child_indent {
            return Err(());
        }
        // A sequence may sit at its key's own indent (`selectors:` then `- a`): the key's value.
        if l.trim_start().starts_with("- ") || l.trim() == "-" {
            continue;
        }
        match key_of(l) {
            Some((k, _)) if k == key => return Ok(Some(i)),
            Some(_) => {}
            None => return Err(()),
        }
    }
    Ok(None)
}

fn lines_of(text: &str) -> Option<Vec<String>> {
    if text.contains('\t') || text.lines().any(|l| l.starts_with("---") || l.starts_with('%')) {
        return None;
    }
    // The document itself must be a mapping.
    if text.lines().find(|l| is_content(l)).is_some_and(|l| l.trim_start().starts_with('-')) {
        return None;
    }
    Some(text.lines().map(str::to_string).collect())
}

fn join(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// Set the scalar at `path` to `value` (YAML text of a scalar), adding the keys that are missing.
pub fn set(text: &str, path: &[&str], value: &str) -> Option<String> {
    let mut lines = lines_of(text)?;
    let (mut from, mut to, mut parent_indent) = (0, lines.len(), None::<usize>);
    for (depth, key) in path.iter().enumerate() {
        let last = depth == path.len() - 1;
        match find_child(&lines, from, to, key).ok()? {
            Some(i) => {
                let (_, rest) = key_of(&lines[i])?;
                if last {
                    if !is_inline_scalar(rest) || block_end(&lines, i) != i + 1 {
                        return None;
                    }
                    lines[i] = format!("{}{key}: {value}", " ".repeat(indent(&lines[i])));
                    return Some(join(&lines));
                }
                if !opens_block(rest) {
                    return None;
                }
                parent_indent = Some(indent(&lines[i]));
                from = i + 1;
                to = block_end(&lines, i);
            }
            None => {
                let mut ind = lines[from..to]
                    .iter()
                    .find(|l| is_content(l))
                    .map(|l| indent(l))
                    .unwrap_or_else(|| parent_indent.map_or(0, |p| p + 2));
                // After the block's last content line (trailing blank lines and comments stay after).
                let at = (from..to).rev().find(|&j| is_content(&lines[j])).map_or(from, |j| j + 1);
                let mut new = Vec::new();
                for (k, key) in path[depth..].iter().enumerate() {
                    if depth + k == path.len() - 1 {
                        new.push(format!("{}{key}: {value}", " ".repeat(ind)));
                    } else {
                        new.push(format!("{}{key}:", " ".repeat(ind)));
                        ind += 2;
                    }
                }
                lines.splice(at..at, new);
                return Some(join(&lines));
            }
        }
    }
    None
}

/// Remove the scalar at `path`, and the nested keys (not top-level ones) it leaves empty.
pub fn remove(text: &str, path: &[&str]) -> Option<String> {
    let mut lines = lines_of(text)?;
    let (mut from, mut to) = (0, lines.len());
    let mut found = Vec::new();
    for (depth, key) in path.iter().enumerate() {
        let i = find_child(&lines, from, to, key).ok()??;
        let (_, rest) = key_of(&lines[i])?;
        let last = depth == path.len() - 1;
        if last && (!is_inline_scalar(rest) || block_end(&lines, i) != i + 1)
            || !last && !opens_block(rest)
        {
            return None;
        }
        found.push(i);
        from = i + 1;
        to = block_end(&lines, i);
    }
    let leaf = *found.last()?;
    lines.remove(leaf);
    // Ancestors left with no content, deepest first; never a top-level key.
    for &i in found[..found.len() - 1].iter().skip(1).rev() {
        if block_end(&lines, i) == i + 1 {
            lines.remove(i);
        } else {
            break;
        }
    }
    Some(join(&lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESH: &str = "# managed by helm
accessLogFile: /dev/stdout   # keep
defaultConfig:
  discoveryAddress: istiod.istio-system.svc:15012
  # tracing below
  tracing:
    sampling: 1
    zipkin:
      address: old:9411
enablePrometheusMerge: true
discoverySelectors:
- matchLabels:
    a: b
";

    #[test]
    fn set_changes_one_line_and_keeps_comments_and_order() {
        let out =
            set(MESH, &["defaultConfig", "tracing", "zipkin", "address"], "new:9411").unwrap();
        assert_eq!(out, MESH.replace("address: old:9411", "address: new:9411"));
        let out = set(MESH, &["enableTracing"], "true").unwrap();
        assert_eq!(out, format!("{MESH}enableTracing: true\n"));
        assert!(set("- a\n", &["a"], "1").is_none(), "not a mapping");
    }

    #[test]
    fn set_adds_missing_keys_under_their_parent() {
        let out = set(
            "defaultConfig:\n  discoveryAddress: x:1\n# end\n",
            &["defaultConfig", "tracing", "zipkin", "address"],
            "a:1",
        )
        .unwrap();
        assert_eq!(out, "defaultConfig:\n  discoveryAddress: x:1\n  tracing:\n    zipkin:\n      address: a:1\n# end\n");
        assert_eq!(set("", &["a", "b"], "1").unwrap(), "a:\n  b: 1\n");
    }

    #[test]
    fn remove_prunes_what_it_empties_below_the_top() {
        let out = remove(MESH, &["defaultConfig", "tracing", "zipkin", "address"]).unwrap();
        assert_eq!(out, MESH.replace("    zipkin:\n      address: old:9411\n", ""));
        let lone = "defaultConfig:\n  tracing:\n    zipkin:\n      address: a:1\n";
        assert_eq!(
            remove(lone, &["defaultConfig", "tracing", "zipkin", "address"]).unwrap(),
            "defaultConfig:\n"
        );
    }

    #[test]
    fn shapes_it_does_not_understand_are_none() {
        assert!(set(
            "defaultConfig: {tracing: {}}\n",
            &["defaultConfig", "tracing", "sampling"],
            "1"
        )
        .is_none());
        assert!(set("a: |\n  text\n", &["a"], "1").is_none());
        assert!(set("---\na: 1\n", &["a"], "2").is_none());
        assert!(remove("a: 1\n", &["b"]).is_none());
        assert!(set("a:\n\tb: 1\n", &["a", "b"], "2").is_none());
    }
}
