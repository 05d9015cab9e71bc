/* Compiles only while the facade keeps the store out of sight: the GUI and
 * the CLI include fcrm-crm.h and must not be able to reach the store. */

#include "fcrm-crm.h"
#include "fcrm-crm-async.h"
#include "fcrm-crm-async-notify.h"
#include "fcrm-board-model.h"
#include "fcrm-attachments.h"
#include "fcrm-comments.h"
#include "fcrm-inbox.h"
#include "fcrm-migrate.h"
#include "fcrm-robots.h"
#include "fcrm-undo.h"

#ifdef FCRM_TYPE_STORE
#error "a facade header includes fcrm-store.h"
#endif

int
main (void)
{
  return 0;
}
