//! The evaluator on inline Nix snippets: language, unknowns, provenance, errors, limits.
//! (Nix's exact output is checked against the real Nix by `cli/tests/eval_differential.rs`.)

use std::path::Path;

use super::*;

const ROOT: &str = "/qg-test-root";

fn eval_with(text: &str, options: Options) -> String {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, Path::new(ROOT), options);
    let result = ev
        .eval_text(&Path::new(ROOT).join("test.nix"), text)
        .and_then(|v| ev.auto_call(v))
        .and_then(|v| ev.print_strict(&v));
    match result {
        Ok(s) => s,
        Err(e) => format!("error[{}]: {}", e.kind.as_str(), e.message),
    }
}

fn eval(text: &str) -> String {
    eval_with(text, Options::default())
}

#[test]
fn core_language() {
    assert_eq!(eval("let a = 1; b = a + 1; in [ a b ]"), "[ 1 2 ]");
    assert_eq!(eval("rec { a = b; b = 2; }"), "{ a = 2; b = 2; }");
    assert_eq!(eval("with { x = 1; }; let y = x; in y"), "1");
    assert_eq!(
        eval("({ a, b ? a * 2, ... }@s: [ a b (s ? c) ]) { a = 3; c = 0; }"),
        "[ 3 6 true ]"
    );
    assert_eq!(eval("{ a.b = 1; a.c = 2; }"), "{ a = { b = 1; c = 2; }; }");
    assert_eq!(eval("let k = \"x\"; in { ${k} = 1; }.x or 2"), "1");
    assert_eq!(eval("''\n  a\n    b\n''"), "\"a\\n  b\\n\"");
    assert_eq!(
        eval("let x = 1; in { inherit x; y = { inherit x; }; }"),
        "{ x = 1; y = { x = 1; }; }"
    );
}

#[test]
fn errors_are_classified_and_located() {
    assert_eq!(eval("{ }.a"), "error[missing-attr]: attribute 'a' missing");
    assert_eq!(
        eval("1 + \"a\""),
        "error[type]: cannot add a string to an integer"
    );
    assert_eq!(
        eval("let x = x; in x"),
        "error[infinite-recursion]: infinite recursion encountered"
    );
    assert_eq!(
        eval("undefinedName"),
        "error[other]: undefined variable 'undefinedName'"
    );
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, Path::new(ROOT), Options::default());
    let text = "let f = x: x.missing; in f { }";
    let err = ev
        .eval_text(&Path::new(ROOT).join("t.nix"), text)
        .expect_err("missing attribute");
    let span = err.span.expect("located");
    assert_eq!(&text[span.range], "x.missing");
    assert_eq!(err.trace.len(), 1, "{:?}", err.trace);
}

#[test]
fn unknowns_propagate() {
    assert_eq!(
        eval("{ pkgs, ... }: [ pkgs.hello (pkgs.x + 1) ]"),
        "[ «unknown: pkgs» «unknown: pkgs» ]"
    );
    assert_eq!(
        eval("{ port }: \"http://127.0.0.1:${toString port}/\""),
        "\"http://127.0.0.1:${«unknown: port»}/\""
    );
    assert_eq!(eval("{ c }: if c then 1 else 2"), "«unknown: c»");
    assert_eq!(eval("{ pkgs }: with pkgs; [ git ]"), "[ «unknown: pkgs» ]");
    assert_eq!(
        eval("import <nixpkgs> { }"),
        "«unknown: search path <nixpkgs>»"
    );
    assert_eq!(
        eval("{ lib }: { a = lib.mkIf true 1; b = 2; }"),
        "{ a = «unknown: lib»; b = 2; }"
    );
    assert_eq!(eval("{ x }: ({ a = 1; } // x).a"), "«unknown: x»");
    assert_eq!(eval("{ x }: (x // { a = 1; }).a"), "1");
    assert_eq!(eval("{ k }: { ${k} = 1; }.other"), "«unknown: k»");
    assert_eq!(eval("{ l }: builtins.length l"), "«unknown: l»");
    assert_eq!(eval("{ ... }: { a = 1; }"), "{ a = 1; }");
    assert_eq!(
        eval("args@{ config, ... }: args.pkgs"),
        "«unknown: module argument»"
    );
    // A function with defaults only is printed, as nix-instantiate does.
    assert_eq!(eval("{ a ? 1 }: a"), "<LAMBDA>");
}

/// A set that may hold more names than it shows (a module's arguments, a set with an
/// unknown dynamic key, `x // unknown`): a name it does not show may still be there, so
/// `or`, `?` and `hasAttr` are unknown, never the default or `false`.
#[test]
fn open_sets_may_hold_any_name() {
    let open = "args@{ config, ... }: ";
    assert_eq!(
        eval(&format!(
            "{open}[ (args.self or 1) (args ? self) (builtins.hasAttr \"self\" args) ]"
        )),
        "[ «unknown: module argument» «unknown: module argument» «unknown: module argument» ]"
    );
    assert_eq!(
        eval(&format!(
            "{open}[ (args.config or 1) (args ? config) (args.config.a.b or 2) ]"
        )),
        "[ «unknown: config» true «unknown: config» ]"
    );
    assert_eq!(
        eval("{ k }: let s = { ${k} = 1; a = 2; }; in [ (s.b or 3) (s.a or 3) (s ? b) (s ? a) ]"),
        "[ «unknown: k» 2 «unknown: k» true ]"
    );
    assert_eq!(
        eval("{ x }: let s = x // { a = { }; }; in [ (s.b or 3) (s.a.b or 3) ]"),
        "[ «unknown: x» 3 ]"
    );
    // A closed set keeps Nix's answers.
    assert_eq!(
        eval("let s = { a = 1; }; in [ (s.b or 3) (s ? b) (builtins.hasAttr \"b\" s) ]"),
        "[ 3 false false ]"
    );
}

#[test]
fn unknowns_in_errors_are_marked() {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, Path::new(ROOT), Options::default());
    let v = ev
        .eval_text(&Path::new(ROOT).join("t.nix"), "{ x }: throw \"bad ${x}\"")
        .and_then(|v| ev.auto_call(v));
    let err = v.expect_err("throws");
    assert!(err.involves_unknown);
}

#[test]
fn provenance_of_attributes() {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, Path::new(ROOT), Options::default());
    let text = "{\n  services.web.port = 80;\n}";
    let v = ev.eval_text(&Path::new(ROOT).join("p.nix"), text).unwrap();
    let services = ev.select(&v, &["services"]).unwrap();
    let web = services
        .as_attrs()
        .unwrap()
        .get_attr("web")
        .unwrap()
        .clone();
    assert_eq!(&text[web.key_span.unwrap().range], "web");
    let port = ev.force(&web.value).unwrap();
    let port_attr = port.as_attrs().unwrap().get_attr("port").unwrap().clone();
    assert_eq!(&text[port_attr.value.span().unwrap().range], "80");
    assert_eq!(ev.line_column(port_attr.key_span.unwrap()), (2, 16));
    let located = ev.diagnostic_span(port_attr.key_span.unwrap()).unwrap();
    assert_eq!(&*located.file, "p.nix");
}

#[test]
fn limits_give_located_errors() {
    let small = Options {
        max_steps: 10_000,
        max_depth: 1_000,
        ..Options::default()
    };
    let looping = eval_with("let f = n: f (n + 1); in f 0", small.clone());
    assert!(
        looping.starts_with("error[limit]: evaluation exceeded the depth limit"),
        "{looping}"
    );
    let long = eval_with(
        "builtins.foldl' (a: b: a + b) 0 (builtins.genList (x: x) 100000)",
        small,
    );
    assert!(
        long.starts_with("error[limit]: evaluation exceeded the step budget"),
        "{long}"
    );
    let doubling = eval("let d = s: n: if n == 0 then s else d (s + s) (n - 1); in builtins.stringLength (d \"x\" 40)");
    assert!(doubling.starts_with("error[limit]"), "{doubling}");
}

#[test]
fn deep_recursion_does_not_overflow() {
    let text = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000";
    let out = qg_syntax::with_large_stack(move || eval(text));
    assert_eq!(out, "100000");
}

#[test]
fn nothing_is_read_outside_the_root() {
    assert_eq!(
        eval("builtins.readFile /etc/hostname"),
        "\"${«unknown: /etc/hostname is outside the root»}\""
    );
    assert_eq!(
        eval("builtins.pathExists /etc"),
        "«unknown: /etc is outside the root»"
    );
    assert_eq!(
        eval("import /etc/x.nix"),
        "«unknown: import of /etc/x.nix, outside the root»"
    );
}

#[test]
fn native_functions_and_sets_from_rust() {
    let loader = DiskLoader;
    let mut ev = Evaluator::new(&loader, Path::new(ROOT), Options::default());
    let double = PrimOp::native("double", 1, |ev, args, _| {
        let n = builtins::expect_int(ev, &args[0])?;
        Ok(Value::Int(n * 2))
    });
    let lib = Value::attrs(Attrs::from_unsorted(vec![Attr {
        name: "double".into(),
        value: Thunk::value(double),
        key_span: None,
    }]));
    let f = ev
        .eval_text(&Path::new(ROOT).join("m.nix"), "{ lib }: lib.double 21")
        .unwrap();
    let arg = Value::attrs(Attrs::from_unsorted(vec![Attr {
        name: "lib".into(),
        value: Thunk::value(lib),
        key_span: None,
    }]));
    let r = ev.call_function(&f, arg).unwrap();
    assert_eq!(r.as_int(), Some(42));
}

#[test]
fn cyclic_values_hit_the_depth_limit() {
    let small = Options {
        max_steps: 1_000_000,
        max_depth: 1_000,
        ..Options::default()
    };
    let out = eval_with("let x = { a = x; }; y = { a = y; }; in x == y", small);
    assert!(out.starts_with("error[limit]"), "{out}");
}

#[test]
fn deep_values_drop_on_a_small_stack() {
    // A test thread has a small stack: building and dropping 200 000 nested sets must fit.
    let out = eval(
        "let nest = n: if n == 0 then { } else { inner = nest (n - 1); }; \
                    deep = nest 200000; in builtins.deepSeq deep 1",
    );
    assert_eq!(out, "1");
}
