// SwiftPM drops the defines of ncursesw's .pc file, so the wide-character API is switched on here,
// before curses.h is read.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <locale.h>

// getmaxyx, the A_* attributes and ACS_* are macros Swift cannot import; these wrap them.
static inline int njord_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int njord_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int njord_a_bold(void) { return (int)A_BOLD; }
static inline int njord_a_reverse(void) { return (int)A_REVERSE; }
static inline int njord_a_dim(void) { return (int)A_DIM; }
static inline int njord_a_underline(void) { return (int)A_UNDERLINE; }
static inline int njord_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline WINDOW *njord_stdscr(void) { return stdscr; }
static inline int njord_lines(void) { return LINES; }
static inline int njord_cols(void) { return COLS; }
static inline int njord_colors(void) { return COLORS; }
static inline int njord_color_pairs(void) { return COLOR_PAIRS; }
static inline int njord_key_code_yes(void) { return KEY_CODE_YES; }
