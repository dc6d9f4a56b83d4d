/** The game module of the built-in page, resolved by the page plugin (game-page-plugin.ts) to the game file. */
declare module 'virtual:twinframe/game' {
  const game: unknown;
  export default game;
}
