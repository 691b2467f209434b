//! Output: kubectl-style tables (comfy-table), or the same data as YAML or JSON, always to an
//! injected writer so tests can capture it.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;

use crate::cli::Output;
use crate::error::{Context as _, Result};
use crate::outcome::Action;

/// A kubectl-looking table: upper-case headers, no borders, columns separated by spaces.
pub fn table<S: AsRef<str>>(headers: &[&str], rows: impl IntoIterator<Item = Vec<S>>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.iter().map(|h| h.to_uppercase()));
    for row in rows {
        t.add_row(row.iter().map(|c| c.as_ref().to_string()).collect::<Vec<_>>());
    }
    // comfy-table pads each cell with one space on each side; kubectl puts three spaces between
    // columns and none before the first.
    for col in t.column_iter_mut() {
        col.set_padding((0, 3));
    }
    t
}

/// A row of a command's table; `-o json|yaml` prints the rows themselves.
pub trait Row: Serialize + Sized {
    /// The columns, lower case (the table upper-cases them). They may depend on the rows (a column
    /// only some rows fill) and on `-o wide`.
    fn headers(rows: &[Self], wide: bool) -> Vec<&'static str>;
    /// This row's cells under `headers`, in their order.
    fn cells(&self, headers: &[&'static str]) -> Vec<String>;
}

/// Print rows as a table, or as YAML / JSON.
pub fn print<R: Row>(w: &mut dyn Write, output: Output, rows: &[R]) -> Result<()> {
    render(w, output, || row_table(rows, output == Output::Wide), rows)
}

/// The table of `rows` (for a report of several tables; [`print`] for one).
pub fn row_table<R: Row>(rows: &[R], wide: bool) -> Table {
    let headers = R::headers(rows, wide);
    table(&headers, rows.iter().map(|r| r.cells(&headers)))
}

/// What a command did to one object in one cluster.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectRow {
    pub cluster: String,
    /// `kind/name`, lower case, as kubectl prints it.
    pub object: String,
    pub action: Action,
}

impl Row for ObjectRow {
    fn headers(_: &[Self], _: bool) -> Vec<&'static str> {
        vec!["cluster", "object", "action"]
    }

    fn cells(&self, _: &[&'static str]) -> Vec<String> {
        vec![self.cluster.clone(), self.object.clone(), self.action.to_string()]
    }
}

/// Write a table (trailing spaces trimmed) or the serialisable `data` as YAML / JSON.
pub fn render<T: Serialize + ?Sized>(
    w: &mut dyn Write,
    output: Output,
    table: impl FnOnce() -> Table,
    data: &T,
) -> Result<()> {
    match output {
        Output::Table | Output::Wide => {
            let t = table();
            for line in t.to_string().lines() {
                writeln!(w, "{}", line.trim_end()).ctx(|| "write output")?;
            }
        }
        Output::Yaml => write_yaml(w, data)?,
        Output::Json => write_json(w, data)?,
    }
    Ok(())
}

pub fn write_yaml<T: Serialize + ?Sized>(w: &mut dyn Write, data: &T) -> Result<()> {
    let s = serde_yaml::to_string(data).ctx(|| "encode YAML")?;
    w.write_all(s.as_bytes()).ctx(|| "write output")
}

pub fn write_json<T: Serialize + ?Sized>(w: &mut dyn Write, data: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *w, data).ctx(|| "encode JSON")?;
    writeln!(w).ctx(|| "write output")
}

/// A warning on stderr, as kubectl prints them.
pub fn warn(msg: &str) {
    eprintln!("Warning: {msg}");
}

/// A note on stderr: what a command did besides what it prints on stdout.
pub fn note(msg: &str) {
    eprintln!("Note: {msg}");
}

/// Several manifests as a YAML stream (`---` between documents) or a JSON `List`, as kubectl
/// prints them with `-o yaml|json`; `--dry-run` output is made of exactly these objects.
pub fn write_manifests<T: Serialize>(w: &mut dyn Write, output: Output, objs: &[T]) -> Result<()> {
    match output {
        Output::Json => {
            let items: Vec<_> = objs
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()
                .ctx(|| "encode JSON")?;
            write_json(w, &serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items}))
        }
        _ => {
            for (i, o) in objs.iter().enumerate() {
                if i > 0 {
                    writeln!(w, "---").ctx(|| "write output")?;
                }
                write_yaml(w, o)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_look_like_kubectl() {
        let mut out = Vec::new();
        let rows = vec![vec!["cluster1", "ok"], vec!["c2", "expired"]];
        render(&mut out, Output::Table, || table(&["cluster", "status"], rows), &()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "CLUSTER    STATUS\ncluster1   ok\nc2         expired\n");
    }

    #[test]
    fn json_and_yaml_of_the_same_data() {
        #[derive(Serialize)]
        struct R {
            cluster: &'static str,
        }
        let data = [R { cluster: "c1" }];
        let mut j = Vec::new();
        render(&mut j, Output::Json, || unreachable!(), &data).unwrap();
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&j).unwrap()[0]["cluster"], "c1");
        let mut y = Vec::new();
        render(&mut y, Output::Yaml, || unreachable!(), &data).unwrap();
        assert_eq!(String::from_utf8(y).unwrap(), "- cluster: c1\n");
    }

    #[test]
    fn manifests_stream() {
        let objs = [serde_json::json!({"a": 1}), serde_json::json!({"b": 2})];
        let mut y = Vec::new();
        write_manifests(&mut y, Output::Yaml, &objs).unwrap();
        assert_eq!(String::from_utf8(y).unwrap(), "a: 1\n---\nb: 2\n");
        let mut j = Vec::new();
        write_manifests(&mut j, Output::Json, &objs).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&j).unwrap();
        assert_eq!(v["kind"], "List");
        assert_eq!(v["items"][1]["b"], 2);
    }
}
