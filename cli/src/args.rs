//! Command-line arguments.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

const AFTER_HELP: &str = "\
Exit status:
  0  no errors (warnings and hints do not fail unless --deny-warnings)
  1  errors found
  2  usage error, unreadable flake or qg.toml, or an internal error

qg-check analyses the whole flake that contains each PATH (default: the current
directory). When PATHs are files, as pre-commit passes them, only findings in
those files are reported.";

#[derive(Debug, Parser)]
#[command(
    name = "qg-check",
    version,
    about = "Check a flake-based NixOS fleet",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories inside the flake(s) to check.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print the documentation of a rule (id like QG002 or name like undefined-variable).
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// List every rule with its default level.
    #[arg(long)]
    pub list_rules: bool,

    /// List the flake's hosts (`nixosConfigurations`) with their module counts (`--format json` for JSON).
    #[arg(long)]
    pub list_hosts: bool,

    /// Exit with status 1 when a flake has no NixOS host qg could evaluate (for CI: a run
    /// that checked only syntax must not pass for a checked fleet).
    #[arg(long)]
    pub require_hosts: bool,

    /// Exit with status 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Print the time each stage took to stderr.
    #[arg(long)]
    pub timings: bool,

    /// When to colour human output (NO_COLOR is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Read flake input INPUT (a name, or a path of names like `home-manager/nixpkgs`) from
    /// PATH (a folder or a `path:` reference) instead of the Nix store, as Nix's flag does;
    /// repeatable, for every subcommand. Wins over `[inputs]` of qg.toml.
    #[arg(
        long,
        global = true,
        num_args = 2,
        value_names = ["INPUT", "PATH"],
        action = clap::ArgAction::Append
    )]
    pub override_input: Vec<String>,

    /// Read the Nix store from DIR as a chroot store: inputs keep their `/nix/store/...`
    /// paths, their files are read under `DIR/nix/store/...` (as `nix --store DIR`).
    #[arg(long, global = true, value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Check a classic NixOS configuration (a `configuration.nix` without flake) as one
    /// host, named after its folder: `nixosSystem { modules = [ FILE ]; }` with qg's lib and
    /// no input. Its root is the flake or git work tree holding FILE, else FILE's folder.
    #[arg(long, global = true, value_name = "FILE")]
    pub nixos_config: Option<PathBuf>,

    /// Keep the index of the hosts' options (what `options`, hover and completion read)
    /// in DIR instead of `$QG_CACHE_DIR`, `$XDG_CACHE_HOME/qg` or `~/.cache/qg`.
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Neither read nor write the index of the hosts' options (as `QG_CACHE_DIR=off`).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// Subcommand names, and the options that apply to all of them.
const SUBCOMMANDS: &[&str] = &["eval", "show", "facts", "options", "help"];
const GLOBAL_OPTIONS: &[(&str, usize)] = &[
    ("--store", 1),
    ("--override-input", 2),
    ("--nixos-config", 1),
    ("--cache-dir", 1),
    ("--no-cache", 0),
];

/// `qg-check --store DIR show ...` as `qg-check show --store DIR ...`: the top-level
/// arguments conflict with subcommands (a flag that a subcommand would ignore is an error),
/// so the options global to every subcommand, when they alone come before one, are moved
/// after its name.
pub fn hoist_global_options(argv: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut hoisted = Vec::new();
    let mut i = 1;
    while i < argv.len() {
        let token = argv[i].to_string_lossy();
        if let Some((_, n)) = GLOBAL_OPTIONS.iter().find(|(name, _)| *name == token) {
            hoisted.extend(argv[i..(i + 1 + n).min(argv.len())].iter().cloned());
            i += 1 + n;
        } else if GLOBAL_OPTIONS
            .iter()
            .any(|(name, n)| *n == 1 && token.starts_with(&format!("{name}=")))
        {
            hoisted.push(argv[i].clone());
            i += 1;
        } else if SUBCOMMANDS.contains(&token.as_ref()) && !hoisted.is_empty() {
            let mut out = vec![argv[0].clone(), argv[i].clone()];
            out.extend(hoisted);
            out.extend(argv[i + 1..].iter().cloned());
            return out;
        } else {
            break;
        }
    }
    argv
}

impl Args {
    /// Where flake inputs are read from, as given on the command line.
    pub fn input_args(&self) -> Result<qg_ide::InputArgs, String> {
        let base = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        let inputs = qg_ide::InputArgs {
            overrides: self
                .override_input
                .chunks(2)
                .filter_map(|pair| match pair {
                    [name, path] => Some((name.clone(), PathBuf::from(path))),
                    _ => None,
                })
                .collect(),
            store: self.store.as_ref().map(|s| base.join(s)),
            nixos_config: self.nixos_config.as_ref().map(|f| base.join(f)),
            base,
        };
        inputs.check()?;
        Ok(inputs)
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Evaluate files or expressions and print the values as `nix-instantiate --eval` does.
    #[command(after_help = EVAL_AFTER_HELP)]
    Eval(EvalArgs),
    /// Print the merged value of an option of a host (`qgroget.services.jellyfin.url`).
    Show {
        /// The host (a name of `nixosConfigurations`).
        host: String,
        /// The option path; quote names with dots: `environment.etc."foo.conf".text`.
        option: String,
        /// Also list every definition with its file, line and priority.
        #[arg(long)]
        definitions: bool,
        /// The flake (default: the one containing the current directory).
        #[arg(long, value_name = "PATH", default_value = ".")]
        flake: PathBuf,
    },
    /// List what the knowledge packs find on a host: entities (units, users, ports...) and
    /// references, with where each is written; for writing and checking packs.
    Facts {
        /// The host (a name of `nixosConfigurations`).
        host: String,
        /// Only entities and references of this kind (`unit`, `middleware`...; `secret` for
        /// the sops-nix secrets).
        #[arg(long)]
        kind: Option<String>,
        /// Output format (`json`: one document, see docs/json-output.md).
        #[arg(long, value_enum, default_value_t = DataFormat::Human)]
        format: DataFormat,
        /// The flake (default: the one containing the current directory).
        #[arg(long, value_name = "PATH", default_value = ".")]
        flake: PathBuf,
    },
    /// List every option a host declares (NixOS's too when its nixpkgs is on disk) with its
    /// type, default and declaring files.
    Options {
        /// The host (a name of `nixosConfigurations`).
        host: String,
        /// One JSON document (see cli/src/options.rs).
        #[arg(long)]
        json: bool,
        /// The flake (default: the one containing the current directory).
        #[arg(long, value_name = "PATH", default_value = ".")]
        flake: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets for people.
    Human,
    /// Versioned JSON, see docs/json-output.md.
    Json,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// Output format of the subcommands that print data rather than findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    /// Aligned lines for people.
    Human,
    /// Versioned JSON, see docs/json-output.md.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub fn use_color(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                !no_color && std::io::stdout().is_terminal()
            }
        }
    }
}

const EVAL_AFTER_HELP: &str = "\
Takes nix-instantiate --eval's interface, so a test script can run against qg through a
small `nix-instantiate` wrapper. Differences, on purpose:
  - nothing outside the evaluation root (the flake root, else the git work tree, else the
    folder) is read: such paths are unknown values, printed as «unknown: ...»;
  - values qg cannot know (fetchers, `<nixpkgs>`, store contents) are unknowns;
  - --call-with-unknowns (qg only) gives an unknown to every required formal no --arg
    names, and always calls the top-level function: a NixOS module evaluates alone;
  - evaluation is pure, as for a flake: getEnv gives \"\", builtins.currentSystem and
    currentTime are absent, nixVersion is the Nix whose semantics qg implements.
--option abort-on-warn true (or NIX_ABORT_ON_WARN=1) makes builtins.warn abort.
Accepted and without effect: --eval, --eval-only, --show-trace, --read-write-mode,
--readonly-mode, --timeout N, other --option NAME VALUE, --pure-eval, --impure.

Exit status: 0 evaluated, 1 evaluation or parse error, 2 usage error.";

/// `qg-check eval`: the interface of `nix-instantiate --eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Files to evaluate (default: ./default.nix); with --expr, expressions.
    #[arg(value_name = "FILE|EXPR")]
    pub inputs: Vec<String>,
    /// The arguments are Nix expressions, not files (relative paths resolve from the
    /// current folder).
    #[arg(short = 'E', long = "expr")]
    pub expr: bool,
    /// Select an attribute path of each result (`a.b.0`, `a."b.c"`); repeatable.
    #[arg(short = 'A', long = "attr", value_name = "ATTRPATH")]
    pub attrs: Vec<String>,
    /// Print the value as JSON.
    #[arg(long)]
    pub json: bool,
    /// Force the value deeply before printing (without it, unevaluated parts print as
    /// `<CODE>`).
    #[arg(long)]
    pub strict: bool,
    /// Pass the value of a Nix expression as argument NAME of auto-called functions.
    #[arg(long, num_args = 2, value_names = ["NAME", "EXPR"], allow_hyphen_values = true)]
    pub arg: Vec<String>,
    /// Pass a string as argument NAME of auto-called functions.
    #[arg(long, num_args = 2, value_names = ["NAME", "STRING"], allow_hyphen_values = true)]
    pub argstr: Vec<String>,
    /// Give an unknown to each required function argument no --arg names, and call the
    /// top-level function (qg only).
    #[arg(long)]
    pub call_with_unknowns: bool,
    #[arg(long, hide = true)]
    pub eval: bool,
    #[arg(long, hide = true)]
    pub eval_only: bool,
    #[arg(long, hide = true)]
    pub show_trace: bool,
    #[arg(long, hide = true)]
    pub read_write_mode: bool,
    #[arg(long, hide = true)]
    pub readonly_mode: bool,
    #[arg(long, hide = true)]
    pub pure_eval: bool,
    #[arg(long, hide = true)]
    pub impure: bool,
    #[arg(long, hide = true, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    #[arg(long, hide = true, num_args = 2, value_names = ["NAME", "VALUE"])]
    pub option: Vec<String>,
}
