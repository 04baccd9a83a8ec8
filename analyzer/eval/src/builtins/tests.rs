//! Builtins on inline Nix snippets (the differential test covers them against real Nix).

use crate::{DiskLoader, Evaluator, Options};

fn eval(text: &str) -> String {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(
        &loader,
        std::path::Path::new("/nonexistent-root"),
        Options::default(),
    );
    match ev
        .eval_text(std::path::Path::new("/nonexistent-root/test.nix"), text)
        .and_then(|v| ev.print_strict(&v))
    {
        Ok(s) => s,
        Err(e) => format!("error[{}]: {}", e.kind.as_str(), e.message),
    }
}

#[test]
fn versions() {
    assert_eq!(eval(r#"builtins.compareVersions "1.10" "1.9""#), "1");
    assert_eq!(
        eval(r#"builtins.splitVersion "1.0pre4""#),
        r#"[ "1" "0" "pre" "4" ]"#
    );
    assert_eq!(
        eval(r#"builtins.parseDrvName "hello-2.10""#),
        r#"{ name = "hello"; version = "2.10"; }"#
    );
}

#[test]
fn regexes() {
    assert_eq!(
        eval(r#"builtins.match "([a-z]+)-([0-9]+)" "hello-123""#),
        r#"[ "hello" "123" ]"#
    );
    assert_eq!(eval(r#"builtins.split "," "a,b""#), r#"[ "a" [ ] "b" ]"#);
    assert_eq!(
        eval(r#"builtins.match "(" "(""#),
        "error[other]: invalid regular expression '('"
    );
}

#[test]
fn impure_builtins_are_unknown() {
    assert_eq!(
        eval("builtins.currentSystem"),
        r#""${«unknown: builtins.currentSystem»}""#
    );
    assert_eq!(
        eval("(builtins.fetchGit { url = \"x\"; }).rev"),
        "«unknown: fetched source»"
    );
    assert_eq!(
        eval("builtins.typeOf (builtins.getEnv \"HOME\")"),
        r#""string""#
    );
}

#[test]
fn json_round_trip() {
    assert_eq!(
        eval(r#"builtins.toJSON { b = [ 1 2.5 null ]; a = "x"; }"#),
        r#""{\"a\":\"x\",\"b\":[1,2.5,null]}""#
    );
    assert_eq!(
        eval(r#"builtins.fromJSON "[1, 1.5, true]""#),
        "[ 1 1.5 true ]"
    );
}
