//! Nix's builtins with a one-line description each, for completion and hover.
//!
//! The descriptions are written for this project from the documented behaviour of Nix's
//! builtins. `global` marks the names usable without `builtins.` (the rest are also reachable
//! as `__name`, which the scope resolver already accepts).

/// One builtin: its name, how it is called, what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Builtin {
    pub name: &'static str,
    /// Argument names as they are applied, e.g. `f list`; empty for constants.
    pub args: &'static str,
    pub doc: &'static str,
    /// In scope without the `builtins.` prefix.
    pub global: bool,
}

impl Builtin {
    pub(crate) fn is_function(&self) -> bool {
        !self.args.is_empty()
    }

    /// `builtins.map f list`, or `true` for a global constant.
    pub(crate) fn signature(&self) -> String {
        let name = if self.global && !self.is_function() {
            self.name.to_string()
        } else {
            format!("builtins.{}", self.name)
        };
        if self.args.is_empty() {
            name
        } else {
            format!("{name} {}", self.args)
        }
    }
}

const fn f(name: &'static str, args: &'static str, doc: &'static str) -> Builtin {
    Builtin {
        name,
        args,
        doc,
        global: false,
    }
}

const fn g(name: &'static str, args: &'static str, doc: &'static str) -> Builtin {
    Builtin {
        name,
        args,
        doc,
        global: true,
    }
}

/// Finds a builtin by its name, its `__name` alias or (for globals) its bare name.
pub(crate) fn lookup(name: &str) -> Option<&'static Builtin> {
    let bare = name.strip_prefix("__").unwrap_or(name);
    BUILTINS.iter().find(|b| b.name == bare)
}

/// Every builtin, sorted by name.
pub(crate) static BUILTINS: &[Builtin] = &[
    g("abort", "message", "Stops evaluation with an error that `tryEval` cannot catch."),
    f("add", "a b", "Adds two numbers (`a + b`)."),
    f("all", "pred list", "Whether `pred` holds for every element of `list`."),
    f("any", "pred list", "Whether `pred` holds for at least one element of `list`."),
    f("attrNames", "set", "The names of a set's attributes, sorted."),
    f("attrValues", "set", "The values of a set's attributes, in the order of their sorted names."),
    g("baseNameOf", "path", "The last component of a path or string (`/a/b.nix` gives `b.nix`)."),
    f("bitAnd", "a b", "Bitwise AND of two integers."),
    f("bitOr", "a b", "Bitwise OR of two integers."),
    f("bitXor", "a b", "Bitwise XOR of two integers."),
    g("break", "value", "In the debugger, pauses evaluation here; elsewhere returns `value`."),
    g("builtins", "", "The set of every builtin function and constant."),
    f("catAttrs", "name sets", "The values of attribute `name` in each set of the list that has it."),
    f("ceil", "number", "Rounds a number up to the nearest integer."),
    f("compareVersions", "a b", "Compares two version strings: -1, 0 or 1."),
    f("concatLists", "lists", "Concatenates a list of lists into one list."),
    f("concatMap", "f list", "Maps `f` over `list` and concatenates the resulting lists."),
    f("concatStringsSep", "sep strings", "Joins a list of strings with `sep` between them."),
    f("convertHash", "args", "Converts a hash between base16, nix32, base64 and SRI forms."),
    f("currentSystem", "", "The system Nix runs on, e.g. `x86_64-linux` (impure; unavailable in pure evaluation)."),
    f("currentTime", "", "Seconds since the epoch when evaluation started (impure)."),
    f("deepSeq", "e1 e2", "Evaluates `e1` completely (recursively), then returns `e2`."),
    g("derivation", "attrs", "Creates a derivation: the build recipe Nix realises into a store path."),
    g("derivationStrict", "attrs", "The primitive behind `derivation`, returning its output paths."),
    g("dirOf", "path", "The directory part of a path or string (`/a/b.nix` gives `/a`)."),
    f("div", "a b", "Divides two numbers (`a / b`); integer division for integers."),
    f("elem", "x list", "Whether `x` is an element of `list`."),
    f("elemAt", "list n", "The element at 0-based index `n` of `list`."),
    g("false", "", "The boolean false."),
    f("fetchClosure", "args", "Copies a store path closure from a binary cache (experimental)."),
    g("fetchGit", "args", "Fetches a Git repository into the store at evaluation time."),
    g("fetchMercurial", "args", "Fetches a Mercurial repository into the store at evaluation time."),
    g("fetchTarball", "args", "Downloads and unpacks a tarball into the store at evaluation time."),
    g("fetchTree", "input", "Fetches a flake-style input (git, tarball, path, ...) into the store."),
    f("fetchurl", "url", "Downloads a file into the store at evaluation time."),
    f("filter", "pred list", "The elements of `list` for which `pred` holds."),
    f("filterSource", "pred path", "Copies `path` to the store keeping only the files `pred` accepts."),
    f("findFile", "searchPath name", "Looks `name` up in a search path, as `<name>` does."),
    f("floor", "number", "Rounds a number down to the nearest integer."),
    f("foldl'", "op nul list", "Left fold over `list` with `op`, evaluating the accumulator strictly."),
    f("fromJSON", "string", "Parses a JSON string into a Nix value."),
    g("fromTOML", "string", "Parses a TOML string into a Nix value."),
    f("functionArgs", "f", "The formal arguments of a function with a `{ ... }` pattern; `true` for those with a default."),
    f("genList", "f n", "The list `[ (f 0) (f 1) ... (f (n - 1)) ]`."),
    f("genericClosure", "args", "The closure of `startSet` under `operator`, deduplicated by `key`."),
    f("getAttr", "name set", "The attribute `name` of `set` (`set.${name}`)."),
    f("getContext", "string", "The store paths a string depends on, with how it depends on each."),
    f("getEnv", "name", "The value of an environment variable of the evaluator (impure; empty in pure evaluation)."),
    f("getFlake", "ref", "Evaluates the flake at `ref` and returns its outputs."),
    f("groupBy", "f list", "Groups the elements of `list` into a set keyed by `f element`."),
    f("hasAttr", "name set", "Whether `set` has attribute `name` (`set ? ${name}`)."),
    f("hasContext", "string", "Whether a string refers to any store path."),
    f("hashFile", "type path", "The hash (md5, sha1, sha256, sha512) of a file, in base16."),
    f("hashString", "type string", "The hash (md5, sha1, sha256, sha512) of a string, in base16."),
    f("head", "list", "The first element of a non-empty list."),
    g("import", "path", "Reads and evaluates the Nix file at `path` (`dir/default.nix` for a directory)."),
    f("intersectAttrs", "e1 e2", "The attributes of `e2` whose names also appear in `e1`."),
    f("isAttrs", "e", "Whether `e` is an attribute set."),
    f("isBool", "e", "Whether `e` is a boolean."),
    f("isFloat", "e", "Whether `e` is a float."),
    f("isFunction", "e", "Whether `e` is a function."),
    f("isInt", "e", "Whether `e` is an integer."),
    f("isList", "e", "Whether `e` is a list."),
    g("isNull", "e", "Whether `e` is `null` (prefer `e == null`)."),
    f("isPath", "e", "Whether `e` is a path."),
    f("isString", "e", "Whether `e` is a string."),
    f("langVersion", "", "The version of the Nix language the evaluator implements."),
    f("length", "list", "The number of elements of a list."),
    f("lessThan", "a b", "Whether `a < b` for numbers or strings."),
    f("listToAttrs", "list", "A set built from a list of `{ name = ...; value = ...; }`; the first of duplicate names wins."),
    g("map", "f list", "Applies `f` to every element of `list`."),
    f("mapAttrs", "f set", "A set with every value replaced by `f name value`."),
    f("match", "regex string", "Matches a POSIX extended regex against the whole string: `null`, or the list of groups."),
    f("mul", "a b", "Multiplies two numbers (`a * b`)."),
    f("nixPath", "", "The search path `<...>` lookups use, as a list of `{ prefix; path; }`."),
    f("nixVersion", "", "The version of the Nix evaluator, as a string."),
    g("null", "", "The null value."),
    f("outputOf", "drv output", "The store path of an output of a derivation that is itself built (dynamic derivations)."),
    f("parseDrvName", "name", "Splits `name-1.2` into `{ name = \"name\"; version = \"1.2\"; }`."),
    f("parseFlakeRef", "ref", "Parses a flake reference string into its attributes."),
    f("partition", "pred list", "Splits a list into `{ right = [...]; wrong = [...]; }` by `pred`."),
    f("path", "args", "Copies a path to the store with a name, filter and expected hash."),
    f("pathExists", "path", "Whether a path exists on disk."),
    g("placeholder", "output", "A placeholder string that the builder replaces with the output's path."),
    f("readDir", "path", "The entries of a directory, mapped to `regular`, `directory`, `symlink` or `unknown`."),
    f("readFile", "path", "The contents of a file, as a string."),
    f("readFileType", "path", "The type of a file: `regular`, `directory`, `symlink` or `unknown`."),
    g("removeAttrs", "set names", "`set` without the attributes listed in `names`."),
    f("replaceStrings", "from to string", "Replaces every occurrence of each string in `from` by the one at the same index in `to`."),
    g("scopedImport", "scope path", "Like `import`, with the names of `scope` added to the file's scope."),
    f("seq", "e1 e2", "Evaluates `e1` to weak head normal form, then returns `e2`."),
    f("sort", "comparator list", "Sorts a list stably with a less-than function."),
    f("split", "regex string", "Splits a string on a POSIX extended regex: strings alternate with lists of matched groups."),
    f("splitVersion", "version", "Splits a version string into its components."),
    f("storeDir", "", "The store directory, usually `/nix/store`."),
    f("storePath", "path", "Uses an existing store path, with its context, without copying it."),
    f("stringLength", "string", "The length of a string in bytes."),
    f("sub", "a b", "Subtracts two numbers (`a - b`)."),
    f("substring", "start len string", "`len` bytes of `string` from byte `start` (clamped to the string)."),
    f("tail", "list", "A list without its first element."),
    g("throw", "message", "Stops evaluation with an error that `tryEval` can catch."),
    f("toFile", "name contents", "Writes a string to a file in the store and returns its path."),
    f("toJSON", "value", "Serialises a value to a JSON string."),
    f("toPath", "string", "Deprecated: turns an absolute path string into a path."),
    g("toString", "value", "Converts a value to a string (paths, numbers, booleans, lists, sets with `__toString` or `outPath`)."),
    f("toXML", "value", "Serialises a value to Nix's XML format."),
    f("trace", "message value", "Prints `message` to stderr during evaluation, then returns `value`."),
    f("traceVerbose", "message value", "Like `trace`, only with `--trace-verbose`."),
    g("true", "", "The boolean true."),
    f("tryEval", "e", "`{ success; value; }`: catches `throw` and `assert` failures in `e`."),
    f("typeOf", "e", "The type of a value as a string: `int`, `string`, `set`, `lambda`, ..."),
    f("unsafeDiscardOutputDependency", "string", "Turns a dependency on a derivation's outputs into one on the derivation file."),
    f("unsafeDiscardStringContext", "string", "The same string with its store path dependencies dropped."),
    f("unsafeGetAttrPos", "name set", "Where attribute `name` of `set` is defined: `{ file; line; column; }`."),
    f("warn", "message value", "Prints a warning during evaluation, then returns `value`."),
    f("zipAttrsWith", "f sets", "Merges a list of sets: `f name values` for every name."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_globals_match_the_resolver() {
        for pair in BUILTINS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} / {}",
                pair[0].name,
                pair[1].name
            );
        }
        for b in BUILTINS {
            assert_eq!(
                b.global,
                qg_syntax::is_global(b.name),
                "{} global flag",
                b.name
            );
        }
        assert_eq!(lookup("__add").map(|b| b.name), Some("add"));
        assert_eq!(lookup("map").unwrap().signature(), "builtins.map f list");
    }
}
