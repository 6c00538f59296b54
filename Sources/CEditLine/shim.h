/*
 * Debian's libedit (the BSD line editor, readline-compatible API) for the REPL. Its globals are
 * set through these functions because Swift 6 refuses to touch C globals directly.
 */
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/* Completion breaks words at these characters only, so that `live_in<TAB>` and
   `live_input.ou<TAB>` complete whole dotted names. */
static inline void onair_editline_setup(const char *name, rl_compentry_func_t *completer) {
  rl_readline_name = name;
  rl_completion_entry_function = completer;
  rl_completion_append_character = '\0';
  rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#~[]";
  rl_initialize();
}

static inline void onair_editline_history_limit(int entries) { stifle_history(entries); }

#endif
