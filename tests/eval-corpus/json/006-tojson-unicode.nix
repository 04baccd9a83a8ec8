builtins.toJSON { text = "héllo wörld €"; emoji = "🎉"; }
