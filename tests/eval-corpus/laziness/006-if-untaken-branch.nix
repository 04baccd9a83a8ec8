if true then "taken" else throw "untaken"
