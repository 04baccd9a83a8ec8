let name = "world"; n = 3; in
"hello ${name}, you have ${toString n} messages"
