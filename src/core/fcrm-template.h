#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The furniture template (SPEC §2) as data. Names and texts are English
 * gettext msgids: they are stored as such and translated when shown, so each
 * person sees them in their own language. */

typedef struct
{
  const char *code;
  const char *name;
  const char *kind;       /* open, success, failure */
} FcrmTemplateStage;

typedef struct
{
  const char              *code;
  const char              *name;
  const char              *entity;   /* lead, deal */
  const FcrmTemplateStage *stages;   /* terminated by a NULL code */
} FcrmTemplatePipeline;

typedef struct
{
  const char *key;        /* stable template key, e.g. "lead.new.entry" */
  const char *stage;
  const char *trigger;    /* on_entry, delay, at_field */
  gint64      delay;      /* seconds */
  const char *field;      /* visit_at for at_field */
  const char *recipient;  /* responsible, supervisors, none */
  const char *action;     /* notify, task, move, lost_process */
  const char *text;       /* msgid with {item}, {stage}, {responsible} */
  const char *target_stage;
} FcrmTemplateRobot;

typedef struct
{
  const char *code;
  const char *name;
} FcrmTemplateLossReason;

extern const FcrmTemplatePipeline   fcrm_template_pipelines[];
extern const guint                  fcrm_template_n_pipelines;
extern const FcrmTemplateRobot      fcrm_template_robots[];
extern const guint                  fcrm_template_n_robots;
extern const FcrmTemplateLossReason fcrm_template_loss_reasons[];
extern const guint                  fcrm_template_n_loss_reasons;

G_END_DECLS
