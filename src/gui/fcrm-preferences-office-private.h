#pragma once

/* Shared by the files of FcrmPreferencesOffice: fcrm-preferences-office.c
 * (where the data lives, testing a server, switching to it and back) and
 * fcrm-preferences-office-move.c (moving this computer's data there). */

#include "fcrm-office.h"
#include "fcrm-preferences-office.h"

G_BEGIN_DECLS

struct _FcrmPreferencesOffice
{
  AdwPreferencesPage   parent_instance;

  FcrmCrm             *crm;
  char                *location;        /* where the data lives now (no password) */
  GSettings           *app_settings;    /* `database`, `current-user`; NULL without the schema */
  GCancellable        *office_busy;     /* a connection test, switch or move under way */
  gboolean             disposed;

  AdwActionRow        *location_row;
  GtkImage            *location_icon;
  AdwActionRow        *signed_in_row;
  AdwActionRow        *local_row;
  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  AdwEntryRow         *database_row;
  AdwEntryRow         *login_row;
  AdwPasswordEntryRow *password_row;
  GtkSpinner          *office_spinner;
  GtkButton           *test_button;
  GtkButton           *use_button;
  GtkLabel            *office_status_label;
  AdwPreferencesGroup *move_group;
  GtkButton           *move_button;
  GtkProgressBar      *move_progress;
  GtkLabel            *move_status_label;
};

typedef enum {
  STATUS_NONE,
  STATUS_OK,
  STATUS_ERROR,
} Status;

/* fcrm-preferences-office.c */
GtkWindow         *_fcrm_preferences_office_parent_window    (FcrmPreferencesOffice *self);
void               _fcrm_preferences_office_set_status_label (GtkLabel              *label,
                                                              Status                 status,
                                                              const char            *text);
void               _fcrm_preferences_office_status           (FcrmPreferencesOffice *self,
                                                              Status                 status,
                                                              const char            *text);
/* Busy: a new cancellable in self->office_busy, the buttons insensitive. */
void               _fcrm_preferences_office_set_busy         (FcrmPreferencesOffice *self,
                                                              gboolean               busy);
/* The form as an address, or NULL after saying what is missing. The
 * password is not part of it. */
FcrmOfficeAddress *_fcrm_preferences_office_form_address     (FcrmPreferencesOffice *self);

/* fcrm-preferences-office-move.c */
void               _fcrm_preferences_office_class_move_init  (FcrmPreferencesOfficeClass *klass);

G_END_DECLS
