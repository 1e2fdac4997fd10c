// opencc-js ships types for its converters, not for the dictionary modules its `./*` export opens.
declare module 'opencc-js/dict/TSCharacters' {
  /** OpenCC's Traditional-to-Simplified characters: `T S|T S|…` (a character may list several). */
  const dictionary: string;
  export default dictionary;
}
