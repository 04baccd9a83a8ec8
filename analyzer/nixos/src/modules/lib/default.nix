# qg's own `lib`: the part of nixpkgs' lib that NixOS configurations use,
# written from the documented behaviour (see /shared/facts/module-system.md).
# This file evaluates to the `lib` attribute set.
#
# Every sibling file is a function `{ lib }: { ... }` that returns one
# namespace. `lib` is the fixed point of all of them, so a file reaches the
# functions of another through `lib`. No attribute *name* depends on `lib`, so
# building the set forces nothing but the file imports.
#
# Not here on purpose: `evalModules` and `nixosSystem` (qg's Rust module system
# provides them), `licenses`, `maintainers`, `systems` (qg makes missing lib
# attributes unknown).
let
  call = file: import file { inherit lib; };

  trivial = call ./trivial.nix;
  attrsets = call ./attrsets.nix;
  lists = call ./lists.nix;
  strings = call ./strings.nix;
  versions = call ./versions.nix;
  meta = call ./meta.nix;
  asserts = call ./asserts.nix;
  generators = call ./generators.nix;
  options = call ./options.nix;
  modules = call ./modules.nix;
  types = call ./types.nix;
  path = call ./path.nix;
  filesystem = call ./filesystem.nix;

  # Names that exist only inside their namespace, not at the top of lib.
  hidden = {
    lists = [ "hasPrefix" "removePrefix" ];
    strings = [ "replicate" "escapeNixString" "escapeNixIdentifier" "nixKeywords" "whitespaceClass" ];
    options = [ "prioritySuggestion" ];
    modules = [ "markedModule" ];
  };

  # Builtins that nixpkgs re-exports at the top of lib.
  builtinsReexported = {
    inherit (builtins)
      add addErrorContext all any attrNames attrValues catAttrs compareVersions
      concatLists concatMap concatStringsSep deepSeq div elem elemAt filter
      fromJSON functionArgs genList genericClosure getAttr getEnv hasAttr head
      intersectAttrs isAttrs isBool isFloat isInt isList isPath isString length
      lessThan listToAttrs mapAttrs match mul parseDrvName partition pathExists
      readFile removeAttrs replaceStrings seq sort split splitVersion
      stringLength sub substring tail toJSON toPath trace tryEval typeOf
      unsafeDiscardStringContext unsafeGetAttrPos;
    inherit (builtins) bitAnd bitOr bitXor;
  };

  lib =
    builtinsReexported
    // trivial
    // attrsets
    // removeAttrs lists hidden.lists
    // removeAttrs strings hidden.strings
    // meta
    // asserts
    // removeAttrs options hidden.options
    // removeAttrs modules hidden.modules
    // {
      inherit (types) isType setType mkOptionType isOptionType;
      inherit (versions) splitVersion;
    }
    // {
      inherit trivial attrsets lists strings versions meta asserts generators options modules types path filesystem;
      fixedPoints = {
        inherit (trivial) fix fix' extends composeExtensions composeManyExtensions
          makeExtensible makeExtensibleWithCustomName toExtension;
      };
      debug = {
        inherit (trivial) warn warnIf warnIfNot throwIf throwIfNot info showWarnings
          traceVal traceSeq traceIf;
        inherit (builtins) trace;
      };
    };
in
lib
