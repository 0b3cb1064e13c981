/* Test stand-in for Windows' system icuuc.dll (ICU, in System32 since Windows 10
 * 1703), which Wine 8.0 lacks.
 *
 * FOR THE TEST WINE PREFIX ONLY: compiled into its system32 by
 * packaging/windows/tests.sh (and reused by build.sh for its smoke-test prefix).
 * It never enters the bundle or the installer: every Windows 10/11 has the real one.
 *
 * Qt6Core.dll imports these ucnv_* functions (`x86_64-w64-mingw32-objdump -p
 * Qt6Core.dll`, section "DLL Name: icuuc.dll") for text codecs beyond UTF-8/16/32
 * and Latin-1, and cannot load without them. This stand-in offers no codec at all:
 * ucnv_open fails and there are no available names, so Qt keeps to its built-in
 * codecs, which are the ones the app uses. Nothing else is expected to be called;
 * if it is, it reports an error instead of doing anything.
 * After a PySide6 update, WINEDEBUG=err+module names a newly missing import.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o icuuc.dll icuuc.c
 */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
enum { U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };
typedef void UConverter;
typedef void (*Callback)(void);

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *err)
{ (void)name; if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err)
{ (void)name; (void)standard; fail(err); return NULL; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return NULL; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, Callback *action, const void **context)
{ (void)c; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, Callback *action, const void **context)
{ (void)c; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(UConverter *c, Callback action, const void *context,
                                Callback *old, const void **oldContext, UErrorCode *err)
{ (void)c; (void)action; (void)context; (void)old; (void)oldContext; fail(err); }
EXPORT void ucnv_setFromUCallBack(UConverter *c, Callback action, const void *context,
                                  Callback *old, const void **oldContext, UErrorCode *err)
{ (void)c; (void)action; (void)context; (void)old; (void)oldContext; fail(err); }
EXPORT void ucnv_toUnicode(UConverter *c, uint16_t **target, const uint16_t *targetLimit,
                           const char **source, const char *sourceLimit, int32_t *offsets,
                           int8_t flush, UErrorCode *err)
{ (void)c; (void)target; (void)targetLimit; (void)source; (void)sourceLimit;
  (void)offsets; (void)flush; fail(err); }
EXPORT void ucnv_fromUnicode(UConverter *c, char **target, const char *targetLimit,
                             const uint16_t **source, const uint16_t *sourceLimit,
                             int32_t *offsets, int8_t flush, UErrorCode *err)
{ (void)c; (void)target; (void)targetLimit; (void)source; (void)sourceLimit;
  (void)offsets; (void)flush; fail(err); }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *err)
{ (void)c; fail(err); return 0; }
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *source, int32_t length,
                                  int32_t offsetIndex, UErrorCode *err)
{ (void)args; (void)source; (void)length; (void)offsetIndex; fail(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **source,
                                    const uint16_t *sourceLimit, int32_t offsetIndex,
                                    UErrorCode *err)
{ (void)args; (void)source; (void)sourceLimit; (void)offsetIndex; fail(err); }
/* ICU's stock callbacks, which Qt passes to ucnv_set*CallBack: never run here. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *context, void *args,
                                            const uint16_t *units, int32_t length,
                                            int32_t codePoint, int reason, UErrorCode *err)
{ (void)context; (void)args; (void)units; (void)length; (void)codePoint; (void)reason; fail(err); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *context, void *args, const char *units,
                                          int32_t length, int reason, UErrorCode *err)
{ (void)context; (void)args; (void)units; (void)length; (void)reason; fail(err); }
