/*
 * clua_pattern.h - a Lua 5.4 compatible pattern matcher with a step budget.
 *
 * Why this exists: the stock matcher inside Lua's string library is a C
 * routine, so Lua's count hook never runs while it works.  A script can hand
 * it a subject/pattern pair that backtracks for minutes (for example
 * ("a"):rep(1e6):find(".-b")), and no instruction-count based CPU limit can
 * interrupt it.  This engine implements the same pattern language and the
 * same four library functions (find, match, gmatch, gsub), but reports its
 * progress to the host every CLUA_PATTERN_TICK_INTERVAL steps through the
 * CLUA_PATTERN_TICK(L) macro, which the host may use to raise a Lua error.
 *
 * Contract for the includer:
 *   - Define CLUA_PATTERN_TICK(L) before including this header.  It is
 *     expanded as a statement with the running lua_State and may return
 *     normally or raise a Lua error (longjmp).  The engine never holds
 *     malloc'd memory: all of its state lives in C locals and in Lua values
 *     (strings on the stack, closure upvalues, luaL_Buffer), so unwinding
 *     from inside a tick leaks nothing and leaves no broken object behind.
 *   - Register clua_str_find / clua_str_match / clua_str_gmatch /
 *     clua_str_gsub in place of the string library's functions.
 *
 * The pattern language and the library functions follow the Lua 5.4
 * reference manual (sections 6.4 and 6.4.1).  Where the manual is silent
 * (error texts, the moment a malformed pattern is diagnosed, the nesting and
 * capture limits, the undocumented %z class) the stock 5.4.4 interpreter is
 * the reference; Tests/Fixtures/patterns/run.sh compares the two.
 *
 * What counts as a step: each entry into the recursive matcher, each pattern
 * item it processes, each iteration of a loop that walks the subject
 * (repetition counting, lazy expansion, trying the next start position in
 * find/match/gmatch/gsub, %b scanning), each element examined while parsing
 * or testing a [set], and each slice of up to 1024 bytes compared or
 * searched with memcmp/memchr.  Hence the work between two ticks is bounded
 * by a constant, whatever the subject and pattern.
 *
 * Requires <lua.h> and <lauxlib.h>; it includes them itself, which is
 * harmless if the includer already did.
 */
#ifndef CLUA_PATTERN_H
#define CLUA_PATTERN_H

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>

#ifndef CLUA_PATTERN_TICK
#define CLUA_PATTERN_TICK(L) ((void)0)
#endif

/*
 * Steps between two invocations of CLUA_PATTERN_TICK.  Tests override it
 * with 1 to interrupt a match at every possible point.
 */
#ifndef CLUA_PATTERN_TICK_INTERVAL
#define CLUA_PATTERN_TICK_INTERVAL 1024
#endif
#if CLUA_PATTERN_TICK_INTERVAL < 1
#error "CLUA_PATTERN_TICK_INTERVAL must be at least 1"
#endif

/* Local tuning knobs; all #undef'd at the end of the header. */
#define CLUA_PM_MAX_CAPTURES 32   /* same capture limit as stock Lua */
#define CLUA_PM_MAX_NESTING 200   /* same recursion limit as stock Lua */
#define CLUA_PM_BLOCK 1024        /* bytes compared/scanned per step */
#define CLUA_PM_OPEN (-1)         /* capture opened but not yet closed */
#define CLUA_PM_POSITION (-2)     /* "()" capture: records a position */
#define CLUA_PM_ESC '%'
#define CLUA_PM_UNUSED __attribute__((unused))

struct clua_pm_capture {
    const char *at;   /* where the capture starts in the subject */
    ptrdiff_t len;    /* its length, or CLUA_PM_OPEN / CLUA_PM_POSITION */
};

/*
 * Everything one match attempt needs.  It lives on the C stack of the
 * library function, which is what makes a longjmp out of a tick harmless.
 */
struct clua_pm_state {
    lua_State *L;
    const char *subj;      /* subject start */
    const char *subj_end;  /* one past the subject's last byte */
    const char *pat_end;   /* one past the pattern's last byte */
    int nesting_left;      /* how many more recursive calls are allowed */
    int ncap;              /* captures opened so far (open or closed) */
    unsigned fuel;         /* steps left before the next tick */
    struct clua_pm_capture cap[CLUA_PM_MAX_CAPTURES];
};

/* ------------------------------------------------------------------------ */
/* Budget accounting                                                         */
/* ------------------------------------------------------------------------ */

/*
 * Every loop whose trip count depends on the subject (or on the pattern's
 * length) calls this once per iteration, so the work done between two ticks
 * is bounded no matter how hostile the input is.
 */
static inline void clua_pm_step(struct clua_pm_state *st) {
    if (--st->fuel == 0) {
        st->fuel = CLUA_PATTERN_TICK_INTERVAL;
        CLUA_PATTERN_TICK(st->L);
    }
}

static inline void clua_pm_setup(struct clua_pm_state *st, lua_State *L,
                                 const char *s, size_t slen,
                                 const char *p, size_t plen) {
    st->L = L;
    st->subj = s;
    st->subj_end = s + slen;
    st->pat_end = p + plen;
    st->nesting_left = CLUA_PM_MAX_NESTING;
    st->ncap = 0;
    st->fuel = CLUA_PATTERN_TICK_INTERVAL;
}

/* Each attempt at a new start position begins with no captures. */
static inline void clua_pm_fresh_attempt(struct clua_pm_state *st) {
    st->ncap = 0;
    st->nesting_left = CLUA_PM_MAX_NESTING;
}

/*
 * memcmp in bounded slices: a back-reference or a plain-find candidate can
 * be as long as the subject, and one step must not hide a megabyte compare.
 */
static inline int clua_pm_same_bytes(struct clua_pm_state *st, const char *a,
                                     const char *b, size_t n) {
    while (n > 0) {
        size_t chunk = n < CLUA_PM_BLOCK ? n : CLUA_PM_BLOCK;
        clua_pm_step(st);
        if (memcmp(a, b, chunk) != 0)
            return 0;
        a += chunk;
        b += chunk;
        n -= chunk;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Single-byte items: classes, sets, literals                               */
/* ------------------------------------------------------------------------ */

/*
 * Letter classes use <ctype.h> because that is what Lua uses; in the C
 * locale this gives the ASCII-only answers scripts expect.  'z' (the NUL
 * byte) is not in the 5.4 manual but the stock library still accepts it, so
 * we keep it for compatibility.  Any other escaped byte stands for itself,
 * and an upper-case letter class means the complement.
 */
static inline int clua_pm_class_has(int cls, int c) {
    int in;
    switch (tolower(cls)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    case 'z': in = (c == 0); break;
    default: return cls == c;
    }
    if (isupper(cls))
        return !in;
    return in != 0;
}

/*
 * Membership in a set "[...]".  `open` is the '[' and `close` the ']' that
 * clua_pm_item_end found.  A '-' only forms a range when a byte follows it
 * before the closing bracket, so "[a-]" is {'a','-'}; escapes inside a set
 * are classes or literal bytes, never range ends.
 */
static inline int clua_pm_set_has(struct clua_pm_state *st, int c,
                                  const char *open, const char *close) {
    const char *q = open + 1;
    int verdict = 1;
    if (*q == '^') {
        verdict = 0;
        q++;
    }
    for (; q < close; q++) {
        clua_pm_step(st);
        if (*q == CLUA_PM_ESC) {
            q++;
            if (clua_pm_class_has((unsigned char)*q, c))
                return verdict;
        } else if (q + 2 < close && q[1] == '-') {
            if ((unsigned char)q[0] <= c && c <= (unsigned char)q[2])
                return verdict;
            q += 2;
        } else if ((unsigned char)*q == c) {
            return verdict;
        }
    }
    return !verdict;
}

/*
 * Finds where the single-byte item starting at p ends (i.e. where its
 * optional quantifier would be).  Malformed items are reported here, lazily,
 * exactly when the matcher first reaches them: stock Lua behaves the same
 * way, so a broken tail is only an error if matching gets that far.
 */
static inline const char *clua_pm_item_end(struct clua_pm_state *st,
                                           const char *p) {
    const char *end = st->pat_end;
    char head = *p++;
    if (head == CLUA_PM_ESC) {
        if (p >= end)
            luaL_error(st->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (head == '[') {
        if (p < end && *p == '^')
            p++;
        /* The first byte is always a member, which is how "[]]" works. */
        do {
            if (p >= end)
                luaL_error(st->L, "malformed pattern (missing ']')");
            clua_pm_step(st);
            if (*p++ == CLUA_PM_ESC && p < end)
                p++;
        } while (p >= end || *p != ']');
        return p + 1;
    }
    return p;
}

/* Whether the subject byte at s exists and is accepted by item [p, ep). */
static inline int clua_pm_item_accepts(struct clua_pm_state *st,
                                       const char *s, const char *p,
                                       const char *ep) {
    int c;
    if (s >= st->subj_end)
        return 0;
    c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case CLUA_PM_ESC: return clua_pm_class_has((unsigned char)p[1], c);
    case '[': return clua_pm_set_has(st, c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

/* ------------------------------------------------------------------------ */
/* The backtracking core                                                     */
/* ------------------------------------------------------------------------ */

static inline const char *clua_pm_match(struct clua_pm_state *st,
                                        const char *s, const char *p);

/*
 * Greedy repetition: count how far the item reaches, then give bytes back
 * one at a time until the rest of the pattern fits.  `s` is the first
 * position the repetition may cover ('+' has already consumed one byte).
 */
static inline const char *clua_pm_greedy(struct clua_pm_state *st,
                                         const char *s, const char *p,
                                         const char *ep) {
    size_t reach = 0;
    while (clua_pm_item_accepts(st, s + reach, p, ep)) {
        clua_pm_step(st);
        reach++;
    }
    for (;;) {
        const char *done = clua_pm_match(st, s + reach, ep + 1);
        if (done != NULL)
            return done;
        if (reach == 0)
            return NULL;
        reach--;
    }
}

/* Lazy repetition: try the rest first, and only then swallow one more. */
static inline const char *clua_pm_lazy(struct clua_pm_state *st,
                                       const char *s, const char *p,
                                       const char *ep) {
    for (;;) {
        const char *done = clua_pm_match(st, s, ep + 1);
        if (done != NULL)
            return done;
        if (!clua_pm_item_accepts(st, s, p, ep))
            return NULL;
        clua_pm_step(st);
        s++;
    }
}

/*
 * Opens capture number st->ncap and matches the rest.  On failure the slot
 * is given back so that alternative paths see the capture list they expect.
 */
static inline const char *clua_pm_open_capture(struct clua_pm_state *st,
                                               const char *s, const char *p,
                                               ptrdiff_t kind) {
    const char *done;
    if (st->ncap >= CLUA_PM_MAX_CAPTURES)
        luaL_error(st->L, "too many captures");
    st->cap[st->ncap].at = s;
    st->cap[st->ncap].len = kind;
    st->ncap++;
    done = clua_pm_match(st, s, p);
    if (done == NULL)
        st->ncap--;
    return done;
}

/* ')' closes the innermost capture that is still open. */
static inline const char *clua_pm_close_capture(struct clua_pm_state *st,
                                                const char *s, const char *p) {
    const char *done;
    int i = st->ncap - 1;
    while (i >= 0 && st->cap[i].len != CLUA_PM_OPEN)
        i--;
    if (i < 0)
        luaL_error(st->L, "invalid pattern capture");
    st->cap[i].len = s - st->cap[i].at;
    done = clua_pm_match(st, s, p);
    if (done == NULL)
        st->cap[i].len = CLUA_PM_OPEN;
    return done;
}

/* %bxy: `d` points at x; y must follow it in the pattern. */
static inline const char *clua_pm_balanced(struct clua_pm_state *st,
                                           const char *s, const char *d) {
    char opener, closer;
    size_t depth = 1;
    if (d + 1 >= st->pat_end)
        luaL_error(st->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= st->subj_end || *s != *d)
        return NULL;
    opener = d[0];
    closer = d[1];
    while (++s < st->subj_end) {
        clua_pm_step(st);
        /* The closer is tested first so that %bxx pairs identical bytes. */
        if (*s == closer) {
            if (--depth == 0)
                return s + 1;
        } else if (*s == opener) {
            depth++;
        }
    }
    return NULL;
}

/* %1..%9 inside a pattern: the text of an already closed capture again. */
static inline const char *clua_pm_backref(struct clua_pm_state *st,
                                          const char *s, int digit) {
    int idx = digit - '1';
    ptrdiff_t len;
    if (idx < 0 || idx >= st->ncap || st->cap[idx].len == CLUA_PM_OPEN)
        luaL_error(st->L, "invalid capture index %%%d", idx + 1);
    len = st->cap[idx].len;
    /* A position capture has no text; stock Lua never matches it. */
    if (len < 0 || st->subj_end - s < len)
        return NULL;
    if (!clua_pm_same_bytes(st, st->cap[idx].at, s, (size_t)len))
        return NULL;
    return s + len;
}

/*
 * Matches pattern [p, pat_end) at s; returns the end of the match or NULL.
 * Items that cannot need backtracking (plain bytes, %b, %f, back-references,
 * an unmatched optional item) are consumed in the loop; anything that may
 * have to be undone recurses through clua_pm_match, which is what the
 * nesting limit counts.  Keeping exactly those recursion points is what
 * makes "pattern too complex" trigger on the same inputs as stock Lua.
 */
static inline const char *clua_pm_walk(struct clua_pm_state *st,
                                       const char *s, const char *p) {
    const char *const pend = st->pat_end;
    while (p < pend) {
        const char *ep;
        int hit;
        char quant;
        clua_pm_step(st);
        switch (*p) {
        case '(':
            if (p + 1 < pend && p[1] == ')')
                return clua_pm_open_capture(st, s, p + 2, CLUA_PM_POSITION);
            return clua_pm_open_capture(st, s, p + 1, CLUA_PM_OPEN);
        case ')':
            return clua_pm_close_capture(st, s, p + 1);
        case '$':
            if (p + 1 == pend)
                return s == st->subj_end ? s : NULL;
            break; /* '$' elsewhere is an ordinary byte */
        case CLUA_PM_ESC:
            if (p + 1 >= pend)
                break; /* clua_pm_item_end reports the dangling '%' */
            if (p[1] == 'b') {
                s = clua_pm_balanced(st, s, p + 2);
                if (s == NULL)
                    return NULL;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                const char *set = p + 2, *after;
                int before, here;
                if (set >= pend || *set != '[')
                    luaL_error(st->L, "missing '[' after '%%f' in pattern");
                after = clua_pm_item_end(st, set);
                /* Outside the subject counts as the NUL byte. */
                before = s > st->subj ? (unsigned char)s[-1] : 0;
                here = s < st->subj_end ? (unsigned char)*s : 0;
                if (clua_pm_set_has(st, before, set, after - 1) ||
                    !clua_pm_set_has(st, here, set, after - 1))
                    return NULL;
                p = after;
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                s = clua_pm_backref(st, s, p[1]);
                if (s == NULL)
                    return NULL;
                p += 2;
                continue;
            }
            break; /* a class such as %a, or an escaped byte */
        default:
            break;
        }

        /* One single-byte item, possibly followed by a quantifier. */
        ep = clua_pm_item_end(st, p);
        hit = clua_pm_item_accepts(st, s, p, ep);
        quant = ep < pend ? *ep : '\0';
        switch (quant) {
        case '?':
            if (hit) {
                const char *done = clua_pm_match(st, s + 1, ep + 1);
                if (done != NULL)
                    return done;
            }
            p = ep + 1;
            continue;
        case '*':
            if (hit)
                return clua_pm_greedy(st, s, p, ep);
            p = ep + 1;
            continue;
        case '+':
            return hit ? clua_pm_greedy(st, s + 1, p, ep) : NULL;
        case '-':
            if (hit)
                return clua_pm_lazy(st, s, p, ep);
            p = ep + 1;
            continue;
        default:
            if (!hit)
                return NULL;
            s++;
            p = ep;
            continue;
        }
    }
    return s;
}

/* The only recursive entry point: guards the C stack, then walks. */
static inline const char *clua_pm_match(struct clua_pm_state *st,
                                        const char *s, const char *p) {
    const char *done;
    clua_pm_step(st);
    if (st->nesting_left == 0)
        luaL_error(st->L, "pattern too complex");
    st->nesting_left--;
    done = clua_pm_walk(st, s, p);
    st->nesting_left++;
    return done;
}

/* ------------------------------------------------------------------------ */
/* Turning captures into Lua values                                          */
/* ------------------------------------------------------------------------ */

/*
 * Locates capture `i` of a successful match [ms, me).  With no captures at
 * all, index 0 means the whole match (that is how "%1" and gsub's table
 * lookup behave on capture-less patterns).  Returns the length, or
 * CLUA_PM_POSITION with *text set to the captured position.
 */
static inline ptrdiff_t clua_pm_capture_span(struct clua_pm_state *st, int i,
                                             const char *ms, const char *me,
                                             const char **text) {
    if (i >= st->ncap) {
        if (i != 0)
            luaL_error(st->L, "invalid capture index %%%d", i + 1);
        *text = ms;
        return me - ms;
    }
    if (st->cap[i].len == CLUA_PM_OPEN)
        luaL_error(st->L, "unfinished capture");
    *text = st->cap[i].at;
    return st->cap[i].len;
}

static inline void clua_pm_push_capture(struct clua_pm_state *st, int i,
                                        const char *ms, const char *me) {
    const char *text;
    ptrdiff_t len = clua_pm_capture_span(st, i, ms, me, &text);
    if (len == CLUA_PM_POSITION)
        lua_pushinteger(st->L, (lua_Integer)(text - st->subj) + 1);
    else
        lua_pushlstring(st->L, text, (size_t)len);
}

/*
 * Pushes every capture; when the pattern has none and `ms` is given, the
 * whole match stands in for them (match/gmatch/gsub), while find passes
 * NULL because it already returned the match's bounds.
 */
static inline int clua_pm_push_captures(struct clua_pm_state *st,
                                        const char *ms, const char *me) {
    int n = (st->ncap == 0 && ms != NULL) ? 1 : st->ncap;
    int i;
    luaL_checkstack(st->L, n, "too many captures");
    for (i = 0; i < n; i++)
        clua_pm_push_capture(st, i, ms, me);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Library functions                                                         */
/* ------------------------------------------------------------------------ */

/*
 * Lua's 1-based, negative-from-the-end `init` turned into a 0-based offset.
 * Out-of-range negatives clip to the start; the result may exceed the
 * length, which callers treat as "no match possible".
 */
static inline size_t clua_pm_start_offset(lua_Integer init, size_t len) {
    if (init > 0)
        return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len)
        return 0;
    return len - (size_t)(-init);
}

/* A pattern without magic characters can use the fast literal search. */
static inline int clua_pm_is_literal(const char *p, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        switch (p[i]) {
        case '^': case '$': case '*': case '+': case '?':
        case '.': case '(': case '[': case '%': case '-':
            return 0;
        default:
            break;
        }
    }
    return 1;
}

/*
 * Literal substring search.  memchr finds candidates for the first byte in
 * bounded windows and each candidate is verified in bounded slices, so the
 * quadratic worst case (long needle of repeated bytes) still ticks.
 */
static inline const char *clua_pm_find_literal(struct clua_pm_state *st,
                                               const char *hay, size_t hlen,
                                               const char *needle,
                                               size_t nlen) {
    const char *last;
    if (nlen == 0)
        return hay;
    if (nlen > hlen)
        return NULL;
    last = hay + (hlen - nlen);
    while (hay <= last) {
        size_t window = (size_t)(last - hay) + 1;
        const char *cand;
        if (window > CLUA_PM_BLOCK)
            window = CLUA_PM_BLOCK;
        clua_pm_step(st);
        cand = (const char *)memchr(hay, (unsigned char)needle[0], window);
        if (cand == NULL) {
            hay += window;
            continue;
        }
        if (clua_pm_same_bytes(st, cand + 1, needle + 1, nlen - 1))
            return cand;
        hay = cand + 1;
    }
    return NULL;
}

/* Shared body of find and match; they differ only in what they return. */
static inline int clua_pm_search(lua_State *L, int is_find) {
    size_t slen, plen, start;
    const char *s = luaL_checklstring(L, 1, &slen);
    const char *p = luaL_checklstring(L, 2, &plen);
    struct clua_pm_state st;
    start = clua_pm_start_offset(luaL_optinteger(L, 3, 1), slen);
    if (start > slen) {
        luaL_pushfail(L);
        return 1;
    }
    if (is_find && (lua_toboolean(L, 4) || clua_pm_is_literal(p, plen))) {
        const char *hit;
        clua_pm_setup(&st, L, s, slen, p, plen);
        hit = clua_pm_find_literal(&st, s + start, slen - start, p, plen);
        if (hit != NULL) {
            lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)(hit - s) + (lua_Integer)plen);
            return 2;
        }
    } else {
        /* '^' anchors only as the very first pattern byte. */
        int anchored = plen > 0 && *p == '^';
        const char *at;
        if (anchored) {
            p++;
            plen--;
        }
        clua_pm_setup(&st, L, s, slen, p, plen);
        for (at = s + start;; at++) {
            const char *e;
            clua_pm_step(&st);
            clua_pm_fresh_attempt(&st);
            e = clua_pm_match(&st, at, p);
            if (e != NULL) {
                if (!is_find)
                    return clua_pm_push_captures(&st, at, e);
                lua_pushinteger(L, (lua_Integer)(at - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                return clua_pm_push_captures(&st, NULL, NULL) + 2;
            }
            if (anchored || at >= st.subj_end)
                break;
        }
    }
    luaL_pushfail(L);
    return 1;
}

static CLUA_PM_UNUSED int clua_str_find(lua_State *L) {
    return clua_pm_search(L, 1);
}

static CLUA_PM_UNUSED int clua_str_match(lua_State *L) {
    return clua_pm_search(L, 0);
}

/*
 * gmatch keeps its cursor in closure upvalues rather than a C struct:
 *   1 subject, 2 pattern (kept alive by the closure),
 *   3 next start offset, 4 end offset of the previous match (-1: none),
 *   5 remaining fuel, so that many cheap iterations still add up to ticks.
 * The cursor is stored before captures are pushed, so an error while
 * pushing does not make the iterator repeat the same match forever.
 */
static inline int clua_pm_gmatch_step(lua_State *L) {
    size_t slen, plen;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &slen);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &plen);
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer prev_end = lua_tointeger(L, lua_upvalueindex(4));
    lua_Integer fuel = lua_tointeger(L, lua_upvalueindex(5));
    struct clua_pm_state st;
    clua_pm_setup(&st, L, s, slen, p, plen);
    if (fuel > 0 && fuel <= CLUA_PATTERN_TICK_INTERVAL)
        st.fuel = (unsigned)fuel;
    for (; pos <= (lua_Integer)slen; pos++) {
        const char *at = s + pos, *e;
        clua_pm_step(&st);
        clua_pm_fresh_attempt(&st);
        e = clua_pm_match(&st, at, p);
        /* An empty match may not sit where the previous match ended. */
        if (e != NULL && (lua_Integer)(e - s) != prev_end) {
            lua_pushinteger(L, (lua_Integer)(e - s));
            lua_pushvalue(L, -1);
            lua_replace(L, lua_upvalueindex(3));
            lua_replace(L, lua_upvalueindex(4));
            lua_pushinteger(L, (lua_Integer)st.fuel);
            lua_replace(L, lua_upvalueindex(5));
            return clua_pm_push_captures(&st, at, e);
        }
    }
    lua_pushinteger(L, pos);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushinteger(L, (lua_Integer)st.fuel);
    lua_replace(L, lua_upvalueindex(5));
    return 0;
}

static CLUA_PM_UNUSED int clua_str_gmatch(lua_State *L) {
    size_t slen, start;
    luaL_checklstring(L, 1, &slen);
    luaL_checklstring(L, 2, NULL);
    start = clua_pm_start_offset(luaL_optinteger(L, 3, 1), slen);
    if (start > slen)
        start = slen + 1; /* iterator yields nothing */
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)start);
    lua_pushinteger(L, -1);
    lua_pushinteger(L, CLUA_PATTERN_TICK_INTERVAL);
    lua_pushcclosure(L, clua_pm_gmatch_step, 5);
    return 1;
}

/*
 * Expands a replacement string (argument 3, already a string or number).
 * Only '%' needs care: "%%" is a percent sign, "%0" the whole match,
 * "%1".."%9" captures; anything else is an error, as in stock Lua.
 */
static inline void clua_pm_expand_template(struct clua_pm_state *st,
                                           luaL_Buffer *b, const char *ms,
                                           const char *me) {
    lua_State *L = st->L;
    size_t tlen;
    const char *t = lua_tolstring(L, 3, &tlen);
    const char *tend = t + tlen;
    while (t < tend) {
        const char *pct = (const char *)memchr(t, CLUA_PM_ESC,
                                               (size_t)(tend - t));
        char c;
        if (pct == NULL) {
            luaL_addlstring(b, t, (size_t)(tend - t));
            return;
        }
        luaL_addlstring(b, t, (size_t)(pct - t));
        c = pct + 1 < tend ? pct[1] : '\0';
        if (c == CLUA_PM_ESC) {
            luaL_addchar(b, CLUA_PM_ESC);
        } else if (c == '0') {
            luaL_addlstring(b, ms, (size_t)(me - ms));
        } else if (c >= '1' && c <= '9') {
            const char *text;
            ptrdiff_t len = clua_pm_capture_span(st, c - '1', ms, me, &text);
            if (len == CLUA_PM_POSITION) {
                lua_pushinteger(L, (lua_Integer)(text - st->subj) + 1);
                luaL_addvalue(b);
            } else {
                luaL_addlstring(b, text, (size_t)len);
            }
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string",
                       CLUA_PM_ESC);
        }
        t = pct + 2;
    }
}

/*
 * Appends the replacement for match [ms, me) to b.  Returns whether the
 * output differs from the input there: a false/nil result from a table or
 * function keeps the original text, and if nothing ever changes gsub hands
 * back its first argument untouched.
 */
static inline int clua_pm_replace(struct clua_pm_state *st, luaL_Buffer *b,
                                  const char *ms, const char *me, int kind) {
    lua_State *L = st->L;
    if (kind == LUA_TFUNCTION) {
        int n;
        lua_pushvalue(L, 3);
        n = clua_pm_push_captures(st, ms, me);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        clua_pm_push_capture(st, 0, ms, me);
        lua_gettable(L, 3);
    } else {
        clua_pm_expand_template(st, b, ms, me);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, ms, (size_t)(me - ms));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)",
                          luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static CLUA_PM_UNUSED int clua_str_gsub(lua_State *L) {
    size_t slen, plen;
    const char *s = luaL_checklstring(L, 1, &slen);
    const char *p = luaL_checklstring(L, 2, &plen);
    int kind = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)slen + 1);
    lua_Integer count = 0;
    int anchored, changed = 0;
    const char *at, *prev_end = NULL;
    struct clua_pm_state st;
    luaL_Buffer b;
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING ||
                            kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_buffinit(L, &b);
    anchored = plen > 0 && *p == '^';
    if (anchored) {
        p++;
        plen--;
    }
    clua_pm_setup(&st, L, s, slen, p, plen);
    at = s;
    while (count < limit) {
        const char *e;
        clua_pm_step(&st);
        clua_pm_fresh_attempt(&st);
        e = clua_pm_match(&st, at, p);
        if (e != NULL && e != prev_end) {
            count++;
            changed |= clua_pm_replace(&st, &b, at, e, kind);
            at = prev_end = e;
        } else if (at < st.subj_end) {
            luaL_addchar(&b, *at);
            at++;
        } else {
            break;
        }
        if (anchored)
            break;
    }
    if (changed) {
        luaL_addlstring(&b, at, (size_t)(st.subj_end - at));
        luaL_pushresult(&b);
    } else {
        lua_pushvalue(L, 1);
    }
    lua_pushinteger(L, count);
    return 2;
}

#undef CLUA_PM_MAX_CAPTURES
#undef CLUA_PM_MAX_NESTING
#undef CLUA_PM_BLOCK
#undef CLUA_PM_OPEN
#undef CLUA_PM_POSITION
#undef CLUA_PM_ESC
#undef CLUA_PM_UNUSED

#endif /* CLUA_PATTERN_H */
