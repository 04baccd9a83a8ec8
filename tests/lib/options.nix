# Tests of lib.options (facts sheet §2, §1.3, §4.6, §6).
let
  lib = import ../../analyzer/nixos/src/modules/lib;
  inherit (lib) types;
  pkgs = {
    hello = { type = "derivation"; name = "hello-2.12"; outPath = "/nix/store/abc-hello"; };
    python3Packages.requests = { type = "derivation"; name = "requests-2"; outPath = "/nix/store/abc-requests"; };
  };
  def = file: value: { inherit file value; };
in
{
  # --- mkOption ---
  mkOptionShape = { expr = lib.mkOption { default = 1; description = "d"; }; expected = { _type = "option"; default = 1; description = "d"; }; };
  mkOptionEmpty = { expr = lib.mkOption { }; expected = { _type = "option"; }; };
  mkOptionNullDefaultPresent = { expr = (lib.mkOption { default = null; }) ? default; expected = true; };
  mkOptionAbsentKeys = { expr = builtins.attrNames (lib.mkOption { type = types.str; }); expected = [ "_type" "type" ]; };
  mkOptionAllKeys = {
    expr = builtins.attrNames (lib.mkOption {
      default = 1; defaultText = "1"; example = 2; description = "d"; relatedPackages = [ ];
      type = types.int; apply = x: x; internal = true; visible = false; readOnly = true;
    });
    expected = [ "_type" "apply" "default" "defaultText" "description" "example" "internal" "readOnly" "relatedPackages" "type" "visible" ];
  };
  mkOptionUnknownArgument = { expr = lib.mkOption { defualt = 1; }; expectedError = "called with unexpected argument 'defualt'"; };
  mkOptionLazy = { expr = (lib.mkOption { default = throw "d"; type = throw "t"; })._type; expected = "option"; };
  isOption = { expr = [ (lib.isOption (lib.mkOption { })) (lib.isOption { }) (lib.isOption types.str) ]; expected = [ true false false ]; };

  # --- mkEnableOption ---
  mkEnableOption = {
    expr = removeAttrs (lib.mkEnableOption "the web server") [ "type" ];
    expected = { _type = "option"; default = false; example = true; description = "Whether to enable the web server."; };
  };
  mkEnableOptionType = { expr = (lib.mkEnableOption "x").type.name; expected = "bool"; };

  # --- mkPackageOption ---
  mkPackageOptionDescription = { expr = (lib.mkPackageOption pkgs "hello" { }).description; expected = "The hello package to use."; };
  mkPackageOptionType = { expr = (lib.mkPackageOption pkgs "hello" { }).type.name; expected = "package"; };
  mkPackageOptionDefault = { expr = (lib.mkPackageOption pkgs "hello" { }).default.name; expected = "hello-2.12"; };
  mkPackageOptionDefaultText = { expr = (lib.mkPackageOption pkgs "hello" { }).defaultText; expected = { _type = "literalExpression"; text = "pkgs.hello"; }; };
  mkPackageOptionPath = {
    expr = let o = lib.mkPackageOption pkgs [ "python3Packages" "requests" ] { }; in [ o.description o.defaultText.text o.default.name ];
    expected = [ "The requests package to use." "pkgs.python3Packages.requests" "requests-2" ];
  };
  mkPackageOptionOtherDefault = { expr = (lib.mkPackageOption pkgs "greeter" { default = "hello"; }).defaultText.text; expected = "pkgs.hello"; };
  mkPackageOptionMissing = { expr = (lib.mkPackageOption pkgs "nope" { }).default; expectedError = "nope cannot be found in pkgs"; };
  mkPackageOptionMissingPkgsText = { expr = (lib.mkPackageOption pkgs "nope" { pkgsText = "myPkgs"; }).default; expectedError = "nope cannot be found in myPkgs"; };
  mkPackageOptionMissingIsLazy = { expr = (lib.mkPackageOption pkgs "nope" { }).description; expected = "The nope package to use."; };
  mkPackageOptionPkgsLazy = { expr = (lib.mkPackageOption (throw "pkgs") "hello" { }).defaultText.text; expected = "pkgs.hello"; };
  mkPackageOptionNullDefault = { expr = (lib.mkPackageOption pkgs "hello" { default = null; }) ? default; expected = false; };
  mkPackageOptionNullable = {
    expr = let o = lib.mkPackageOption pkgs "hello" { nullable = true; default = null; }; in [ o.default o.type.name o.type.description ];
    expected = [ null "nullOr" "null or package" ];
  };
  mkPackageOptionNullableDefault = { expr = (lib.mkPackageOption pkgs "hello" { nullable = true; }).default.name; expected = "hello-2.12"; };
  mkPackageOptionExtraDescription = { expr = (lib.mkPackageOption pkgs "hello" { extraDescription = "More."; }).description; expected = "The hello package to use. More."; };
  mkPackageOptionExampleList = { expr = (lib.mkPackageOption pkgs "hello" { example = [ "hello" "unstable" ]; }).example; expected = { _type = "literalExpression"; text = "pkgs.hello.unstable"; }; };
  mkPackageOptionExampleString = { expr = (lib.mkPackageOption pkgs "hello" { example = "pkgs.hi"; }).example; expected = { _type = "literalExpression"; text = "pkgs.hi"; }; };
  mkPackageOptionNoExample = { expr = (lib.mkPackageOption pkgs "hello" { }) ? example; expected = false; };

  # --- mkSinkUndeclaredOptions ---
  mkSinkUndeclaredOptions = {
    expr = let o = lib.mkSinkUndeclaredOptions { }; in [ o._type o.internal o.visible o.default (o.type.check 42) ];
    expected = [ "option" true false false true ];
  };

  # --- documentation values ---
  literalExpression = { expr = lib.literalExpression "pkgs.hello"; expected = { _type = "literalExpression"; text = "pkgs.hello"; }; };
  literalExpressionNotString = { expr = lib.literalExpression 1; expectedError = "literalExpression expects a string."; };
  literalMD = { expr = lib.literalMD "*x*"; expected = { _type = "literalMD"; text = "*x*"; }; };
  literalMDNotString = { expr = lib.literalMD { }; expectedError = "literalMD expects a string."; };
  literalCode = { expr = (lib.literalCode "nix" "1 + 1")._type; expected = "literalMD"; };
  mdDocIdentity = { expr = lib.mdDoc "text"; expected = "text"; };

  # --- merge functions ---
  getValuesFiles = { expr = [ (lib.getValues [ (def "a" 1) (def "b" 2) ]) (lib.getFiles [ (def "a" 1) (def "b" 2) ]) ]; expected = [ [ 1 2 ] [ "a" "b" ] ]; };
  mergeEqualOptionOne = { expr = lib.mergeEqualOption [ "x" ] [ (def "a" 1) ]; expected = 1; };
  mergeEqualOptionSame = { expr = lib.mergeEqualOption [ "x" ] [ (def "a" 1) (def "b" 1) (def "c" 1) ]; expected = 1; };
  mergeEqualOptionConflict = {
    expr = lib.mergeEqualOption [ "services" "x" "port" ] [ (def "a.nix" 1) (def "b.nix" 1) (def "c.nix" 2) ];
    expectedError = "The option `services.x.port' has conflicting definition values:\n- In `a.nix': 1\n- In `c.nix': 2\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.";
  };
  mergeOneOption = { expr = lib.mergeOneOption [ "x" ] [ (def "a" 5) ]; expected = 5; };
  mergeOneOptionTwo = {
    expr = lib.mergeOneOption [ "x" ] [ (def "a" 5) (def "b" 5) ];
    expectedError = "The option `x' is defined multiple times while it's expected to be unique.\n\nDefinition values:\n- In `a': 5\n- In `b': 5\nUse `lib.mkForce value`";
  };
  mergeUniqueOptionMessage = {
    expr = lib.mergeUniqueOption { message = "Only one, please."; } [ "x" ] [ (def "a" 5) (def "b" 6) ];
    expectedError = "expected to be unique.\nOnly one, please.\nDefinition values:";
  };
  mergeDefaultOptionOne = { expr = lib.mergeDefaultOption [ "x" ] [ (def "a" "v") ]; expected = "v"; };
  mergeDefaultOptionLists = { expr = lib.mergeDefaultOption [ "x" ] [ (def "a" [ 1 ]) (def "b" [ 2 3 ]) ]; expected = [ 1 2 3 ]; };
  mergeDefaultOptionSets = { expr = lib.mergeDefaultOption [ "x" ] [ (def "a" { p = 1; q = 1; }) (def "b" { q = 2; }) ]; expected = { p = 1; q = 2; }; };
  mergeDefaultOptionBools = { expr = [ (lib.mergeDefaultOption [ "x" ] [ (def "a" false) (def "b" true) ]) (lib.mergeDefaultOption [ "x" ] [ (def "a" false) (def "b" false) ]) ]; expected = [ true false ]; };
  mergeDefaultOptionStrings = { expr = lib.mergeDefaultOption [ "x" ] [ (def "a" "ab") (def "b" "cd") ]; expected = "abcd"; };
  mergeDefaultOptionEqualInts = { expr = lib.mergeDefaultOption [ "x" ] [ (def "a" 3) (def "b" 3) ]; expected = 3; };
  mergeDefaultOptionFunctions = { expr = (lib.mergeDefaultOption [ "x" ] [ (def "a" (x: [ x ])) (def "b" (x: [ (x + 1) ])) ]) 1; expected = [ 1 2 ]; };
  mergeDefaultOptionMismatch = { expr = lib.mergeDefaultOption [ "x" "y" ] [ (def "a" 3) (def "b" "s") ]; expectedError = "Cannot merge definitions of `x.y'. Definition values:\n- In `a': 3\n- In `b': \"s\""; };
  mergeDefaultOptionUnequalInts = { expr = (builtins.tryEval (lib.mergeDefaultOption [ "x" ] [ (def "a" 3) (def "b" 4) ])).success; expected = false; };

  # --- text for messages ---
  showOptionPlain = { expr = lib.showOption [ "services" "nginx" "enable" ]; expected = "services.nginx.enable"; };
  showOptionQuoted = { expr = lib.showOption [ "services" "foo.bar" "enable" ]; expected = ''services."foo.bar".enable''; };
  showOptionKeyword = { expr = lib.showOption [ "with" ]; expected = ''"with"''; };
  showOptionDigit = { expr = lib.showOption [ "1x" ]; expected = ''"1x"''; };
  showOptionPlaceholders = { expr = lib.showOption [ "users" "<name>" "groups" "*" ]; expected = "users.<name>.groups.*"; };
  showOptionDash = { expr = lib.showOption [ "qgroget" "nixos" "auto-update" ]; expected = "qgroget.nixos.auto-update"; };
  showFiles = { expr = lib.showFiles [ "a.nix" "b.nix" ]; expected = "`a.nix' and `b.nix'"; };
  showFilesOne = { expr = lib.showFiles [ "a.nix" ]; expected = "`a.nix'"; };
  showDefsOneLine = { expr = lib.showDefs [ (def "a.nix" 1) (def "b.nix" "x") ]; expected = "\n- In `a.nix': 1\n- In `b.nix': \"x\""; };
  showDefsMultiLine = { expr = lib.showDefs [ (def "a.nix" [ 1 2 ]) ]; expected = "\n- In `a.nix':\n    [\n      1\n      2\n    ]"; };
  showDefsTruncated = { expr = lib.showDefs [ (def "a.nix" [ 1 2 3 4 5 6 ]) ]; expected = "\n- In `a.nix':\n    [\n      1\n      2\n      3\n      4\n    ..."; };
  showDefsFailingValue = { expr = lib.showDefs [ (def "a.nix" (throw "bad")) ]; expected = "\n- In `a.nix'"; };
  unknownModule = { expr = lib.unknownModule; expected = "<unknown-file>"; };
}
