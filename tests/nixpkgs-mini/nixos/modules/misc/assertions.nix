{ lib, ... }:
{
  options = {
    assertions = lib.mkOption {
      type = lib.types.listOf lib.types.unspecified;
      internal = true;
      default = [ ];
      example = [ { assertion = false; message = "this setting cannot work with that one"; } ];
      description = "Conditions every system must meet, each `{ assertion; message; }`; building fails on a false one.";
    };
    warnings = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      internal = true;
      default = [ ];
      example = [ "The `foo' service is deprecated." ];
      description = "Messages printed when the system is built.";
    };
  };
}
