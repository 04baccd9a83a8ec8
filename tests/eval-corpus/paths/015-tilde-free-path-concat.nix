# Path + path concatenates the string forms.
/a + /b
