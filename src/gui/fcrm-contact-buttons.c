#define G_LOG_DOMAIN "fcrm-contact-buttons"

#include <glib/gi18n.h>

#include "fcrm-contact-buttons.h"
#include "fcrm-phone.h"

#define KIND_KEY  "fcrm-contact-button-kind"
#define VALUE_KEY "fcrm-contact-button-value"

char *
fcrm_tel_uri (const char *phone)
{
  g_autofree char *digits = phone != NULL ? fcrm_phone_normalize (phone) : NULL;

  return digits != NULL ? g_strconcat ("tel:+", digits, NULL) : NULL;
}

char *
fcrm_mailto_uri (const char *email)
{
  g_autofree char *escaped = NULL;

  if (email == NULL || *email == '\0')
    return NULL;
  escaped = g_uri_escape_string (email, "@.+-_", FALSE);
  return g_strconcat ("mailto:", escaped, NULL);
}

static void
clicked_cb (GtkButton *button)
{
  FcrmContactButtonKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), KIND_KEY));
  const char *value = fcrm_contact_button_get_value (GTK_WIDGET (button));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  g_autofree char *uri = NULL;

  if (value == NULL)
    return;
  switch (kind)
    {
    case FCRM_CONTACT_BUTTON_COPY:
      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
      return;
    case FCRM_CONTACT_BUTTON_CALL:
      uri = fcrm_tel_uri (value);
      break;
    case FCRM_CONTACT_BUTTON_MAIL:
      uri = fcrm_mailto_uri (value);
      break;
    default:
      g_assert_not_reached ();
    }
  /* the desktop's dialler or mail program; GtkUriLauncher is GTK 4.10 */
  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

GtkWidget *
fcrm_contact_button_new (FcrmContactButtonKind  kind,
                         const char            *value)
{
  static const char * const icons[] = {
    [FCRM_CONTACT_BUTTON_COPY] = "edit-copy-symbolic",
    [FCRM_CONTACT_BUTTON_CALL] = "call-start-symbolic",
    [FCRM_CONTACT_BUTTON_MAIL] = "mail-unread-symbolic",
  };
  GtkWidget *button;

  g_return_val_if_fail (kind <= FCRM_CONTACT_BUTTON_MAIL, NULL);

  button = gtk_button_new_from_icon_name (icons[kind]);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "contact-button");
  g_object_set_data (G_OBJECT (button), KIND_KEY, GINT_TO_POINTER (kind));
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), NULL);
  fcrm_contact_button_set_value (button, value);
  return button;
}

void
fcrm_contact_button_set_value (GtkWidget  *button,
                               const char *value)
{
  FcrmContactButtonKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), KIND_KEY));
  g_autofree char *tooltip = NULL;

  g_object_set_data_full (G_OBJECT (button), VALUE_KEY, g_strdup (value), g_free);
  if (value == NULL)
    value = "";
  switch (kind)
    {
    case FCRM_CONTACT_BUTTON_COPY:
      /* Translators: tooltip of a button copying a phone number or an e-mail address */
      tooltip = g_strdup_printf (_("Copy %s"), value);
      break;
    case FCRM_CONTACT_BUTTON_CALL:
      /* Translators: tooltip of a button calling a client's phone number through the desktop */
      tooltip = g_strdup_printf (_("Call %s"), value);
      break;
    case FCRM_CONTACT_BUTTON_MAIL:
      /* Translators: tooltip of a button opening the mail program with a new message to the address */
      tooltip = g_strdup_printf (_("Write to %s"), value);
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

const char *
fcrm_contact_button_get_value (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), VALUE_KEY);
}
