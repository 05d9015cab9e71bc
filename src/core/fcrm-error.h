#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FCRM_ERROR (fcrm_error_quark ())

/* Codes a caller can act on; messages are translated and say what to do. */
typedef enum {
  FCRM_ERROR_INVALID_INPUT,   /* the user's data is malformed: show it, write nothing */
  FCRM_ERROR_NOT_FOUND,       /* unknown id, login, stage or pipeline */
  FCRM_ERROR_REFUSED,         /* a transition or action the rules forbid */
  FCRM_ERROR_CONFLICT,        /* someone else changed the row meanwhile */
  FCRM_ERROR_STORAGE,         /* the database failed */
  FCRM_ERROR_NOT_A_DATABASE,  /* the file is not a Furniture CRM database */
  FCRM_ERROR_TOO_NEW,         /* written by a newer version of the program */
  FCRM_ERROR_UNREACHABLE,     /* the office server cannot be reached now: retry later */
  FCRM_ERROR_READ_ONLY,       /* the database can be read but not written (permissions, read-only folder) */
  FCRM_ERROR_NO_DATABASE,     /* nothing at that path, or an empty database: only "init" creates one */
  FCRM_ERROR_BUSY,            /* another writer held a lock past the wait: retry later */
} FcrmError;

GQuark fcrm_error_quark (void);

G_END_DECLS
