# Tests of lib.trivial, lib.asserts, lib.fixedPoints and lib.generators.
let
  lib = import ../../analyzer/nixos/src/modules/lib;
in
{
  id = { expr = lib.id 3; expected = 3; };
  const = { expr = lib.const 1 (throw "x"); expected = 1; };
  flip = { expr = lib.flip lib.concat [ 1 ] [ 2 ]; expected = [ 2 1 ]; };
  pipe = { expr = lib.pipe 2 [ (x: x + 1) (x: x * 10) ]; expected = 30; };
  pipeEmpty = { expr = lib.pipe 2 [ ]; expected = 2; };
  concat = { expr = lib.concat [ 1 ] [ 2 ]; expected = [ 1 2 ]; };
  orAnd = { expr = [ (lib."or" true false) (lib."and" true false) (lib.xor true false) (lib.xor true true) ]; expected = [ true false true false ]; };
  boolToString = { expr = [ (lib.boolToString true) (lib.boolToString false) ]; expected = [ "true" "false" ]; };
  mergeAttrs = { expr = lib.mergeAttrs { a = 1; b = 1; } { b = 2; }; expected = { a = 1; b = 2; }; };
  defaultTo = { expr = [ (lib.defaultTo 1 null) (lib.defaultTo 1 2) ]; expected = [ 1 2 ]; };
  mapNullable = { expr = [ (lib.mapNullable (x: x + 1) null) (lib.mapNullable (x: x + 1) 1) ]; expected = [ null 2 ]; };
  minMax = { expr = [ (lib.min 1 2) (lib.max 1 2) (lib.min "b" "a") ]; expected = [ 1 2 "a" ]; };
  mod = { expr = [ (lib.mod 11 10) (lib.mod 1 10) (lib.mod (-11) 10) ]; expected = [ 1 1 (-1) ]; };
  compare = { expr = [ (lib.compare 1 2) (lib.compare 2 2) (lib.compare "b" "a") ]; expected = [ (-1) 0 1 ]; };
  bitNot = { expr = lib.trivial.bitNot 0; expected = -1; };
  warnReturnsValue = { expr = lib.warn "careful" 5; expected = 5; };
  warnIfFalse = { expr = lib.warnIf false (throw "not forced") 5; expected = 5; };
  warnIfNotTrue = { expr = lib.warnIfNot true (throw "not forced") 5; expected = 5; };
  showWarnings = { expr = lib.trivial.showWarnings [ "a" "b" ] 7; expected = 7; };
  throwIfFalse = { expr = lib.throwIf false "boom" 1; expected = 1; };
  throwIfTrue = { expr = lib.throwIf true "boom" 1; expectedError = "boom"; };
  throwIfNotFalse = { expr = lib.throwIfNot false "boom2" 1; expectedError = "boom2"; };
  throwIfNotTrue = { expr = lib.throwIfNot true "boom" 1; expected = 1; };
  assertMsgTrue = { expr = lib.assertMsg true "m"; expected = true; };
  assertMsgFalse = { expr = lib.assertMsg false "the message"; expectedError = "the message"; };
  assertOneOfTrue = { expr = lib.assertOneOf "x" "a" [ "a" "b" ]; expected = true; };
  assertOneOfFalse = { expr = lib.assertOneOf "color" "c" [ "a" "b" ]; expectedError = "color must be one of [\n  \"a\"\n  \"b\"\n], but is: \"c\""; };
  checkListOfEnumOk = { expr = lib.checkListOfEnum "fruit" [ "apple" "pear" ] [ "apple" ] 1; expected = 1; };
  checkListOfEnumBad = { expr = lib.checkListOfEnum "fruit" [ "apple" "pear" ] [ "kiwi" ] 1; expectedError = "fruit: kiwi unexpected; valid ones: apple, pear"; };
  checkAssertWarnOk = { expr = lib.asserts.checkAssertWarn [ { assertion = true; message = "no"; } ] [ "w" ] 3; expected = 3; };
  checkAssertWarnFail = {
    expr = lib.asserts.checkAssertWarn [ { assertion = false; message = "m1"; } { assertion = true; message = "ok"; } { assertion = false; message = "m2"; } ] [ ] 3;
    expectedError = "\nFailed assertions:\n- m1\n- m2";
  };
  isFunction = { expr = map lib.isFunction [ (x: x) builtins.map { __functor = self: x: x; } { } 1 ]; expected = [ true true true false false ]; };
  functionArgs = { expr = lib.functionArgs ({ a, b ? 1 }: a); expected = { a = false; b = true; }; };
  functionArgsFunctor = { expr = lib.functionArgs { __functor = self: { c }: c; }; expected = { c = false; }; };
  setFunctionArgs = {
    expr = let f = lib.setFunctionArgs (args: args.a + 1) { a = false; }; in [ (lib.functionArgs f) (f { a = 1; }) ];
    expected = [ { a = false; } 2 ];
  };
  mirrorFunctionArgs = { expr = lib.functionArgs (lib.trivial.mirrorFunctionArgs ({ x }: x) (a: a)); expected = { x = false; }; };
  toFunction = { expr = [ ((lib.toFunction 5) 1) ((lib.toFunction (x: x + 1)) 1) ]; expected = [ 5 2 ]; };
  fix = { expr = (lib.fix (self: { a = 1; b = self.a + 1; })).b; expected = 2; };
  fixPrime = { expr = let r = lib.fix' (self: { a = 1; }); in [ r.a (r ? __unfix__) ]; expected = [ 1 true ]; };
  extends = {
    expr = lib.fix (lib.extends (final: prev: { b = prev.a + 10; }) (self: { a = 1; b = 0; c = self.b; }));
    expected = { a = 1; b = 11; c = 11; };
  };
  composeExtensions = {
    expr = lib.fix (lib.extends (lib.composeExtensions (f: p: { a = p.a + 1; }) (f: p: { a = p.a * 10; })) (self: { a = 1; }));
    expected = { a = 20; };
  };
  composeManyExtensions = {
    expr = lib.fix (lib.extends (lib.composeManyExtensions [ (f: p: { a = p.a + 1; }) (f: p: { a = p.a * 2; }) ]) (self: { a = 1; }));
    expected = { a = 4; };
  };
  makeExtensible = {
    expr = let x = lib.makeExtensible (self: { a = 1; b = self.a + 1; }); y = x.extend (f: p: { a = 5; }); in [ x.b y.b ];
    expected = [ 2 6 ];
  };
  toExtension = { expr = lib.fix (lib.extends (lib.trivial.toExtension { a = 2; }) (self: { a = 1; })); expected = { a = 2; }; };
  inNixShell = { expr = lib.inNixShell; expected = false; };
  release = { expr = [ lib.trivial.release lib.trivial.codeName lib.trivial.oldestSupportedRelease ]; expected = [ "26.11" "Zokor" 2511 ]; };
  versionStartsWithRelease = { expr = lib.hasPrefix "26.11" lib.version; expected = true; };
  oldestSupportedReleaseIsAtLeast = { expr = [ (lib.trivial.oldestSupportedReleaseIsAtLeast 2411) (lib.trivial.oldestSupportedReleaseIsAtLeast 2605) (lib.isInOldestRelease 2511) ]; expected = [ true false true ]; };
  importJSON = { expr = lib.importJSON ./data/value.json; expected = { a = [ 1 true null ]; b = "x"; }; };
  fileContents = { expr = lib.fileContents ./data/two-lines.txt; expected = "hello\nworld"; };

  # the shape of lib itself
  namespaces = {
    expr = map (n: lib ? ${n}) [ "trivial" "attrsets" "lists" "strings" "versions" "meta" "asserts" "generators" "options" "modules" "types" "fixedPoints" "debug" ];
    expected = [ true true true true true true true true true true true true true ];
  };
  notProvided = { expr = map (n: lib ? ${n}) [ "evalModules" "nixosSystem" "licenses" "maintainers" "systems" "markedModule" "nixKeywords" ]; expected = [ false false false false false false false ]; };
  sameFunctionEverywhere = { expr = [ (lib.fixedPoints.fix (s: { a = 1; })).a (lib.attrsets.mapAttrs (n: v: v) { a = 1; }).a (lib.debug.traceVal 3) ]; expected = [ 1 1 3 ]; };
  withLib = { expr = with lib; concatStringsSep "," (mapAttrsToList (n: v: n) (filterAttrs (n: v: v) { a = true; b = false; c = true; })); expected = "a,c"; };
  splitByAndCompare = { expr = lib.sort (a: b: lib.splitByAndCompare (lib.hasPrefix "a") lib.compare lib.compare a b < 0) [ "b" "a2" "c" "a1" ]; expected = [ "a1" "a2" "b" "c" ]; };

  # lib.generators
  toPrettyScalars = { expr = map (lib.generators.toPretty { }) [ 1 true null "a\"b" ]; expected = [ "1" "true" "null" ''"a\"b"'' ]; };
  toPrettyList = { expr = lib.generators.toPretty { } [ 1 "a" ]; expected = "[\n  1\n  \"a\"\n]"; };
  toPrettyAttrs = { expr = lib.generators.toPretty { } { a = 1; "b c" = [ ]; }; expected = "{\n  a = 1;\n  \"b c\" = [ ];\n}"; };
  toPrettyOneLine = { expr = lib.generators.toPretty { multiline = false; } { a = [ 1 2 ]; b = { }; }; expected = "{ a = [ 1 2 ]; b = { }; }"; };
  toPrettyFunction = { expr = map (lib.generators.toPretty { }) [ (x: x) ({ a, b ? 1 }: a) ]; expected = [ "<function>" "<function, args: {a, b?}>" ]; };
  toPrettyDerivation = { expr = lib.generators.toPretty { } { type = "derivation"; name = "hello"; }; expected = "<derivation hello>"; };
  toPrettyMultilineString = { expr = lib.generators.toPretty { } "a\nb\n"; expected = "''\n  a\n  b\n''"; };
  toKeyValue = { expr = lib.generators.toKeyValue { } { b = 2; a = "x"; c = true; }; expected = "a=x\nb=2\nc=true\n"; };
  toKeyValueSep = { expr = lib.generators.toKeyValue { mkKeyValue = lib.generators.mkKeyValueDefault { } ": "; } { a = 1; }; expected = "a: 1\n"; };
  toKeyValueDuplicates = { expr = lib.generators.toKeyValue { listsAsDuplicateKeys = true; } { a = [ 1 2 ]; }; expected = "a=1\na=2\n"; };
  toINI = { expr = lib.generators.toINI { } { s1 = { a = 1; }; s2 = { b = "x"; }; }; expected = "[s1]\na=1\n\n[s2]\nb=x\n"; };
  mkLuaInline = { expr = [ (lib.generators.mkLuaInline "vim.o") (lib.types.luaInline.check (lib.generators.mkLuaInline "x")) ]; expected = [ { _type = "lua-inline"; expr = "vim.o"; } true ]; };
  toJSON = { expr = lib.generators.toJSON { } { a = [ 1 ]; }; expected = ''{"a":[1]}''; };
}
