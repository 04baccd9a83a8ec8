# home-manager's helpers (`lib.hm`): a few, enough for the modules of the miniature.
{ lib }:
{
  # The name of a file under the home directory, for messages.
  homePath = home: file: "${home}/${file}";
  # An INI-like text from `{ section = { key = value; }; }`, as git reads it.
  toGitIni = sections: lib.concatStrings (lib.mapAttrsToList (section: keys:
    "[${section}]\n" + lib.concatStrings (lib.mapAttrsToList (key: value:
      "\t${key} = ${if builtins.isBool value then lib.boolToString value else toString value}\n") keys))
    sections);
}
