[ "\${not interpolated}" "$${also not}" "lone $ dollar" "$" "$$" "a$b" ]
