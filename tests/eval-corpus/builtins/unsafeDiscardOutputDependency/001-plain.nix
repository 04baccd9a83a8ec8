builtins.unsafeDiscardOutputDependency "plain string"
