# __ignoreNulls leaves null attributes out of the derivation (lib.optionalDrvAttr).
let
  mk = args: derivation (args // { builder = "builder"; system = "system"; __ignoreNulls = true; });
in
[ (mk { name = "foo"; x = 1; y = null; }).drvPath (mk { name = "foo"; x = 1; }).drvPath ]
