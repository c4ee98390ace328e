/** Values a user might type (or paste) that a shell would interpret; they must reach lmms-eval untouched. */
export const HOSTILE_TEXTS: string[] = [
  "'; rm -rf / #",
  "$(whoami)",
  "`id`",
  "${HOME} $HOME \\$HOME",
  "line one\nline two\r\nline three",
  "tab\there",
  `"double" and 'single' and \\' escaped`,
  "数学 🚀 ünïcödé \u200b zero-width",
  "a,b,c",
  "* ? [a-z] ~ # & | ; < > ( ) { }",
  "--tui",
  "-h",
  "--model=evil",
  "   leading and trailing spaces   ",
  "!history !! $? $$ $0",
];
