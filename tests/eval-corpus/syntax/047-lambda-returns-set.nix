let mk = name: value: { inherit name value; pair = [ name value ]; }; in
mk "k" 42
