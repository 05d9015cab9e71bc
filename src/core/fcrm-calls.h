#pragma once

#include "fcrm-crm.h"

G_BEGIN_DECLS

/* A telephone exchange's call (issue 14): the screen pop. The client is
 * found by the number (any formatting), with their open deal (else open
 * lead); the person to tell is the extension's login when given, else the
 * responsible of that deal or lead when active, else every active manager.
 * Each gets a notification (kind "call") naming the client and their open
 * item with its stage — "Incoming call: Зинаида Кузнецова — Кухня
 * (Prepayment)" — or the number when it is unknown; the call goes on the
 * client's timeline (a comment on the contact, else on the lead). An
 * outgoing call is recorded, nobody is notified. One transaction; bad
 * input writes nothing. */

typedef struct
{
  gint64          contact_id;   /* the client's card, 0: none */
  FcrmEntityType  item_type;    /* their open deal or lead */
  gint64          item_id;      /* 0: none */
  guint           notified;     /* notification rows written */
} FcrmCallPop;

/** @phone as the exchange sends it; @login the extension's person (NULL or
 * ""); @direction "in" or "out" (NULL or "": in). An unknown or inactive
 * login, a number that is none, another direction: FCRM_ERROR_INVALID_INPUT. */
gboolean fcrm_crm_call_pop (FcrmCrm     *self,
                            const char  *phone,
                            const char  *login,
                            const char  *direction,
                            FcrmCallPop *out,
                            GError     **error);

G_END_DECLS
