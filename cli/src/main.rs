//! `qg-check`: checks a NixOS fleet flake from the command line (pre-commit, CI).
//!
//! Argument parsing and rendering only; every finding comes from `qg-ide`'s `Analysis`.

mod args;
mod checked;
mod eval_cmd;
mod hosts_cmd;
mod options;
mod render;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use qg_syntax::{RuleId, Severity};

use crate::args::{Args, Command, DataFormat, Format};
use crate::checked::Checked;

/// Evaluation allocates and frees many small values; mimalloc does that faster than the
/// system allocator (about 12% of a re-check).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    qg_ide::tune_allocator();
    let args = Args::parse_from(args::hoist_global_options(std::env::args_os().collect()));
    match qg_ide::with_large_stack(move || run(args)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("qg-check: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode, String> {
    let inputs = args.input_args()?;
    if args.no_cache {
        qg_ide::set_cache_dir(None);
    } else if let Some(dir) = &args.cache_dir {
        qg_ide::set_cache_dir(Some(dir.clone()));
    }
    if let Some(Command::Eval(eval)) = &args.command {
        return eval_cmd::run(eval, &inputs);
    }
    if let Some(Command::Show {
        host,
        option,
        definitions,
        flake,
    }) = &args.command
    {
        return hosts_cmd::show(flake, &inputs, host, option, *definitions);
    }
    if let Some(Command::Facts {
        host,
        kind,
        format,
        flake,
    }) = &args.command
    {
        let json = *format == DataFormat::Json;
        return hosts_cmd::facts(flake, &inputs, host, kind.as_deref(), json);
    }
    if let Some(Command::Options { host, json, flake }) = &args.command {
        return options::run(flake, &inputs, host, *json);
    }
    if args.list_hosts {
        return hosts_cmd::list_hosts(&args.paths, &inputs, args.format == Format::Json);
    }
    if let Some(rule) = &args.explain {
        return explain(rule);
    }
    if args.list_rules {
        return list_rules();
    }
    let checked = Checked::run(&args.paths, &inputs)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Human => render::human::write(&mut out, &checked, args.color.use_color()),
        Format::Json => render::json::write(&mut out, &checked),
        Format::Sarif => render::sarif::write(&mut out, &checked),
        Format::Github => render::github::write(&mut out, &checked),
    };
    written
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the report: {e}"))?;
    if args.timings {
        checked.timings.print();
    }
    let failing =
        |s: Severity| s == Severity::Error || (args.deny_warnings && s == Severity::Warning);
    let failed = checked.diagnostics().any(|(_, d)| failing(d.severity))
        || (args.require_hosts && checked.some_flake_without_hosts());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain(rule: &str) -> Result<ExitCode, String> {
    let id =
        RuleId::lookup(rule).ok_or_else(|| format!("unknown rule `{rule}`; see --list-rules"))?;
    print!("{}", qg_ide::rule(id).doc());
    Ok(ExitCode::SUCCESS)
}

fn list_rules() -> Result<ExitCode, String> {
    let width = RuleId::ALL
        .iter()
        .map(|id| id.name().len())
        .max()
        .unwrap_or(0);
    for id in RuleId::ALL {
        println!(
            "{id}  {:<width$} {:<6} {}",
            id.name(),
            id.default_level().as_str(),
            qg_ide::rule(*id).summary
        );
    }
    Ok(ExitCode::SUCCESS)
}
