#define G_LOG_DOMAIN "fcrm-error"

#include "fcrm-error.h"

G_DEFINE_QUARK (fcrm-error-quark, fcrm_error)
