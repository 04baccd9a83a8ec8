# Tests of lib.modules: property shapes and priorities (facts sheet §3),
# definition helpers, and the rename/removal modules (§5) called with a
# stand-in for the `config` and `options` the module system would give.
let
  lib = import ../../analyzer/nixos/src/modules/lib;
  inherit (lib) types;

  # An evaluated option as the module system would give it.
  evaluatedOption = { isDefined, files ? [ ], definitions ? [ ], highestPrio ? 100, value ? null, type ? types.unspecified }:
    { _type = "option"; inherit isDefined files definitions highestPrio value type; };

  renameArgs = fromDefined: {
    config = { x.y = 42; };
    options = {
      a.b = evaluatedOption { isDefined = fromDefined; files = [ "f.nix" ]; definitions = [ 1 ]; highestPrio = 1000; };
      x.y = evaluatedOption { isDefined = false; type = types.int; };
      warnings = evaluatedOption { isDefined = false; };
      assertions = evaluatedOption { isDefined = false; };
    };
  };
  renamed = (lib.mkRenamedOptionModule [ "a" "b" ] [ "x" "y" ]) (renameArgs true);
  aliased = (lib.mkAliasOptionModule [ "a" "b" ] [ "x" "y" ]) (renameArgs true);
  removed = (lib.mkRemovedOptionModule [ "a" "b" ] "Use x.y instead.") (renameArgs true);
  removedUnset = (lib.mkRemovedOptionModule [ "a" "b" ] "Use x.y instead.") (renameArgs false);
  changedArgs = {
    config = { old.opt = "v"; };
    options = {
      old.opt = evaluatedOption { isDefined = true; files = [ "h.nix" ]; };
      warnings = evaluatedOption { isDefined = false; };
    };
  };
  changed = (lib.mkChangedOptionModule [ "old" "opt" ] [ "new" "opt" ] (config: config.old.opt + "!")) changedArgs;
  changedUnset = (lib.mkChangedOptionModule [ "old" "opt" ] [ "new" "opt" ] (config: throw "not called"))
    (changedArgs // { config = { old.opt = "_mkMergedOptionModule"; }; });
in
{
  # --- property shapes ---
  mkIf = { expr = lib.mkIf true 1; expected = { _type = "if"; condition = true; content = 1; }; };
  mkIfLazy = { expr = (lib.mkIf (throw "c") (throw "x"))._type; expected = "if"; };
  mkMerge = { expr = lib.mkMerge [ 1 2 ]; expected = { _type = "merge"; contents = [ 1 2 ]; }; };
  mkMergeLazy = { expr = (lib.mkMerge (throw "x"))._type; expected = "merge"; };
  mkOverride = { expr = lib.mkOverride 42 "v"; expected = { _type = "override"; priority = 42; content = "v"; }; };
  mkOrder = { expr = lib.mkOrder 7 [ 1 ]; expected = { _type = "order"; priority = 7; content = [ 1 ]; }; };
  mkDefinition = { expr = lib.mkDefinition { file = "f.nix"; value = 1; }; expected = { _type = "definition"; file = "f.nix"; value = 1; }; };
  mkForceMkBefore = {
    expr = lib.mkForce (lib.mkBefore [ 1 ]);
    expected = { _type = "override"; priority = 50; content = { _type = "order"; priority = 500; content = [ 1 ]; }; };
  };
  mkAssertTrue = { expr = lib.mkAssert true "m" 1; expected = { _type = "if"; condition = true; content = 1; }; };
  mkAssertFalse = { expr = (lib.mkAssert false "it broke" 1).condition; expectedError = "\nFailed assertion: it broke"; };
  mkAssertLazy = { expr = (lib.mkAssert false "m" 1)._type; expected = "if"; };

  # --- priorities ---
  overridePriorities = {
    expr = map (f: (f null).priority) [ lib.mkVMOverride lib.mkForce lib.mkImageMediaOverride lib.mkDefault lib.mkOptionDefault ];
    expected = [ 10 50 60 1000 1500 ];
  };
  defaultOverridePriority = { expr = lib.modules.defaultOverridePriority; expected = 100; };
  orderPriorities = { expr = [ (lib.mkBefore null).priority lib.modules.defaultOrderPriority (lib.mkAfter null).priority ]; expected = [ 500 1000 1500 ]; };
  mkDefaultShape = { expr = lib.mkDefault "x"; expected = { _type = "override"; priority = 1000; content = "x"; }; };
  mkForceShape = { expr = lib.mkForce false; expected = { _type = "override"; priority = 50; content = false; }; };
  mkAfterShape = { expr = lib.mkAfter [ "z" ]; expected = { _type = "order"; priority = 1500; content = [ "z" ]; }; };
  mkOrderKinds = { expr = map (p: p._type) [ (lib.mkBefore 1) (lib.mkAfter 1) (lib.mkDefault 1) (lib.mkOptionDefault 1) ]; expected = [ "order" "order" "override" "override" ]; };

  # --- definition helpers ---
  mkAliasDefinitions = {
    expr = lib.mkAliasDefinitions (evaluatedOption { isDefined = true; definitions = [ 1 2 ]; });
    expected = { _type = "if"; condition = true; content = { _type = "merge"; contents = [ 1 2 ]; }; };
  };
  mkAliasDefinitionsUndefined = { expr = (lib.mkAliasDefinitions (evaluatedOption { isDefined = false; })).condition; expected = false; };
  mkAliasAndWrapDefsWithPriority = {
    expr = (lib.mkAliasAndWrapDefsWithPriority lib.id (evaluatedOption { isDefined = true; definitions = [ 1 ]; highestPrio = 1000; })).content;
    expected = { _type = "merge"; contents = [ { _type = "override"; priority = 1000; content = 1; } ]; };
  };
  mkDerivedConfig = {
    expr = lib.mkDerivedConfig (evaluatedOption { isDefined = true; highestPrio = 1000; value = 2; }) (v: v * 10);
    expected = { _type = "override"; priority = 1000; content = 20; };
  };
  mapDefinitionValue = {
    expr = lib.modules.mapDefinitionValue (v: v + 1) (lib.mkIf true (lib.mkMerge [ 1 (lib.mkForce 2) ]));
    expected = lib.mkIf true (lib.mkMerge [ 2 (lib.mkForce 3) ]);
  };
  setDefaultModuleLocation = { expr = lib.modules.setDefaultModuleLocation "f.nix" { a = 1; }; expected = { _file = "f.nix"; imports = [ { a = 1; } ]; }; };

  # --- rename: markers ---
  renamedMarker = { expr = with (lib.mkRenamedOptionModule [ "a" "b" ] [ "x" "y" ])._qg; [ kind from to visible warn ]; expected = [ "renamed" [ "a" "b" ] [ "x" "y" ] false true ]; };
  renamedWithMarker = {
    expr = with (lib.mkRenamedOptionModuleWith { sinceRelease = 2505; from = [ "a" ]; to = [ "b" ]; })._qg; [ kind sinceRelease warn ];
    expected = [ "renamed" 2505 true ];
  };
  renamedWithNoWarnYet = { expr = (lib.mkRenamedOptionModuleWith { sinceRelease = 2611; from = [ "a" ]; to = [ "b" ]; })._qg.warn; expected = false; };
  aliasMarker = { expr = with (lib.mkAliasOptionModule [ "a" ] [ "b" ])._qg; [ kind visible warn ]; expected = [ "alias" true false ]; };
  removedMarker = { expr = with (lib.mkRemovedOptionModule [ "a" "b" ] "gone")._qg; [ kind from text ]; expected = [ "removed" [ "a" "b" ] "gone" ]; };
  changedMarker = { expr = with (lib.mkChangedOptionModule [ "a" ] [ "b" ] lib.id)._qg; [ kind from to ]; expected = [ "changed" [ "a" ] [ "b" ] ]; };
  mergedMarker = { expr = with (lib.mkMergedOptionModule [ [ "a" ] [ "c" ] ] [ "b" ] lib.id)._qg; [ kind from to ]; expected = [ "merged" [ [ "a" ] [ "c" ] ] [ "b" ] ]; };
  renameIsCallableModule = { expr = lib.isFunction (lib.mkRenamedOptionModule [ "a" ] [ "b" ]); expected = true; };
  renameFunctionArgs = { expr = lib.functionArgs (lib.mkRenamedOptionModule [ "a" ] [ "b" ]); expected = { config = false; options = false; }; };

  # --- rename: the module it is ---
  renamedDeclares = {
    expr = let o = renamed.options.a.b; in [ o._type o.visible o.description o.type.name ];
    expected = [ "option" false "Alias of {option}`x.y`." "int" ];
  };
  renamedTypeWhenTargetMissing = {
    expr = ((lib.mkRenamedOptionModule [ "a" "b" ] [ "nowhere" ]) (renameArgs true)).options.a.b.type.name;
    expected = "submodule";
  };
  renamedApplyReadsTarget = { expr = renamed.options.a.b.apply null; expected = 42; };
  renamedApplyTargetMissing = {
    expr = ((lib.mkRenamedOptionModule [ "a" "b" ] [ "nowhere" ]) (renameArgs true)).options.a.b.apply null;
    expectedError = "Renaming error: option `nowhere' does not exist.";
  };
  renamedConfigShape = { expr = with renamed.config; [ _type condition content._type (builtins.length content.contents) ]; expected = [ "if" true "merge" 2 ]; };
  renamedWarning = {
    expr = (builtins.elemAt renamed.config.content.contents 0).warnings;
    expected = [ "The option `a.b' defined in `f.nix' has been renamed to `x.y'." ];
  };
  renamedNoWarningWhenUnset = {
    expr = (builtins.elemAt ((lib.mkRenamedOptionModule [ "a" "b" ] [ "x" "y" ]) (renameArgs false)).config.content.contents 0).warnings;
    expected = [ ];
  };
  renamedNoWarningsOption = {
    expr = builtins.elemAt ((lib.mkRenamedOptionModule [ "a" "b" ] [ "x" "y" ]) ((renameArgs true) // { options = removeAttrs (renameArgs true).options [ "warnings" ]; })).config.content.contents 0;
    expected = { };
  };
  renamedMovesDefinitionsWithPriority = {
    expr = builtins.elemAt renamed.config.content.contents 1;
    expected = lib.mkIf true { x.y = lib.mkMerge [ (lib.mkOverride 1000 1) ]; };
  };
  aliasNoWarning = { expr = (builtins.elemAt aliased.config.content.contents 0).warnings; expected = [ ]; };
  aliasVisible = { expr = aliased.options.a.b.visible; expected = true; };
  aliasApply = { expr = aliased.options.a.b.apply null; expected = 42; };

  # --- removal ---
  removedDeclares = { expr = with removed.options.a.b; [ _type visible (removed.options.a.b ? type) ]; expected = [ "option" false false ]; };
  removedReadThrows = {
    expr = removed.options.a.b.apply 1;
    expectedError = "The option `a.b' can no longer be used since it's been removed. Use x.y instead.";
  };
  removedAssertion = {
    expr = removed.config.assertions;
    expected = [ { assertion = false; message = "The option definition `a.b' in `f.nix' no longer has any effect; please remove it.\nUse x.y instead.\n"; } ];
  };
  removedAssertionHoldsWhenUnset = { expr = (builtins.head removedUnset.config.assertions).assertion; expected = true; };

  # --- changed / merged ---
  changedDeclares = { expr = with changed.options.old.opt; [ visible default ]; expected = [ false "_mkMergedOptionModule" ]; };
  changedWarning = {
    expr = changed.config.warnings;
    expected = [ "The option `old.opt' defined in `h.nix' has been changed to `new.opt' that has a different type. Please read `new.opt' documentation and update your configuration accordingly." ];
  };
  changedTarget = { expr = changed.config.new.opt; expected = lib.mkMerge [ "v!" ]; };
  changedUnsetNoWarning = { expr = changedUnset.config.warnings; expected = [ ]; };
  changedUnsetNoTarget = { expr = changedUnset.config.new.opt; expected = lib.mkMerge [ ]; };
}
