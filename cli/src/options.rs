//! `qg-check options HOST [--json]`: every option a host declares, with its type, default
//! and declaring files, as NixOS's documentation lists them (`users.users.<name>.home`).
//! With the host's nixpkgs on disk (the store, `--override-input nixpkgs DIR`) that is
//! every NixOS option of the tree's modules; without it, the flake's own.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use qg_ide::{FlakeHost, InputArgs, OptionDefault, OptionInfo};

pub fn run(flake: &Path, inputs: &InputArgs, host: &str, json: bool) -> Result<ExitCode, String> {
    let loaded = FlakeHost::discover_with(flake, inputs).map_err(|e| e.to_string())?;
    let options = loaded.options(host)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if json {
        write_json(&mut out, host, &options)
    } else {
        write_human(&mut out, &options)
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the options: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The default as printed (`<unknown>` when qg cannot know it), `None` without one.
fn default_text(option: &OptionInfo) -> Option<String> {
    match &option.default {
        OptionDefault::None => None,
        OptionDefault::Unknown => Some("<unknown>".to_string()),
        OptionDefault::Value(v) => Some(v.clone()),
    }
}

fn write_human(out: &mut impl Write, options: &[OptionInfo]) -> std::io::Result<()> {
    for option in options {
        writeln!(out, "{}", option.shown_path())?;
        writeln!(out, "  type: {}", option.type_description)?;
        if let Some(default) = default_text(option) {
            match &option.default_literal {
                Some(literal) => writeln!(out, "  default: {default} ({literal})")?,
                None => writeln!(out, "  default: {default}")?,
            }
        }
        let mut flags = Vec::new();
        if option.read_only {
            flags.push("read-only");
        }
        if option.internal {
            flags.push("internal");
        }
        if !option.visible {
            flags.push("hidden");
        }
        if !flags.is_empty() {
            writeln!(out, "  {}", flags.join(", "))?;
        }
        for file in &option.declarations {
            writeln!(out, "  declared in {file}")?;
        }
    }
    Ok(())
}

fn write_json(out: &mut impl Write, host: &str, options: &[OptionInfo]) -> std::io::Result<()> {
    let entries: Vec<serde_json::Value> = options
        .iter()
        .map(|o| {
            serde_json::json!({
                "path": o.shown_path(),
                "type": o.type_description,
                "default": default_text(o),
                "defaultText": o.default_literal,
                "description": o.description,
                "example": o.example,
                "declarations": o.declarations,
                "declarationPositions": o.positions.iter().map(|p| serde_json::json!({
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                })).collect::<Vec<_>>(),
                "readOnly": o.read_only,
                "internal": o.internal,
                "visible": o.visible,
            })
        })
        .collect();
    let document = serde_json::json!({
        "version": 1,
        "host": host,
        "options": entries,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
