# lib.filesystem: listing files below a folder (written from nixpkgs' documented
# behaviour; no nixpkgs code).
{ lib }:
{
  # Every regular file (and symlink) below `dir`, as paths, folders walked recursively.
  listFilesRecursive = dir:
    lib.lists.flatten (lib.attrsets.mapAttrsToList
      (name: type:
        if type == "directory" then lib.filesystem.listFilesRecursive (dir + "/${name}")
        else dir + "/${name}")
      (builtins.readDir dir));
}
