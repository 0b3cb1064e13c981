/* TEST-ONLY stand-in for Windows' system icuuc.dll (ICU, part of Windows 10 1903+),
 * which Wine 8.0 lacks. Qt6Core imports these converter functions for text codecs
 * other than UTF-8/UTF-16/Latin-1; here every converter fails to open, so Qt falls
 * back to its own codecs. Compiled by packaging/windows/build.sh into the build and
 * test Wine prefixes' system32 only; it must never enter the bundle or the installer
 * (build.sh fails if it does). */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;              /* > 0: failure */
enum { U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };
typedef void UConverter;
typedef void (*Callback)(void);

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err)
{ (void)name; if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *err)
{ (void)n; (void)s; fail(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return 0; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, Callback *action, const void **ctx)
{ (void)c; if (action) *action = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, Callback *action, const void **ctx)
{ (void)c; if (action) *action = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, Callback a, const void *ctx, Callback *old_a,
                                const void **old_ctx, UErrorCode *err)
{ (void)c; (void)a; (void)ctx; (void)old_a; (void)old_ctx; fail(err); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, Callback a, const void *ctx, Callback *old_a,
                                  const void **old_ctx, UErrorCode *err)
{ (void)c; (void)a; (void)ctx; (void)old_a; (void)old_ctx; fail(err); }
EXPORT void ucnv_toUnicode(UConverter *c, void **t, const void *tl, const char **s,
                           const char *sl, int32_t *o, int8_t f, UErrorCode *err)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const void **s,
                             const void *sl, int32_t *o, int8_t f, UErrorCode *err)
{ (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err); }
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t l, int32_t o, UErrorCode *err)
{ (void)a; (void)s; (void)l; (void)o; fail(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *sl, int32_t o,
                                    UErrorCode *err)
{ (void)a; (void)s; (void)sl; (void)o; fail(err); }
/* The two stock callbacks: only their addresses are compared and passed around. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) {}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) {}
