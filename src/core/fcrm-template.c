#define G_LOG_DOMAIN "fcrm-template"

#include <glib/gi18n-lib.h>

#include "fcrm-template.h"

#define DAY (24 * 60 * 60)

static const FcrmTemplateStage lead_stages[] = {
  { "lead.new",              N_("Unprocessed"),                 "open" },
  { "lead.in_progress",      N_("In progress"),                 "open" },
  { "lead.to_design",        N_("Send to design department"),   "success" },
  { "lead.to_manufacturing", N_("Create individual project"),   "success" },
  { "lead.to_repair",        N_("Send to repair department"),   "success" },
  { "lead.junk",             N_("Junk lead"),                   "failure" },
  { NULL }
};

static const FcrmTemplateStage mfg_stages[] = {
  { "mfg.contract",     N_("Contract"),            "open" },
  { "mfg.prepayment",   N_("Prepayment"),          "open" },
  { "mfg.production",   N_("Furniture production"), "open" },
  { "mfg.delivery",     N_("Delivery"),            "open" },
  { "mfg.installation", N_("Installation"),        "open" },
  { "mfg.payment",      N_("Payment"),             "open" },
  { "mfg.won",          N_("Order successful"),    "success" },
  { "mfg.lost",         N_("Lost"),                "failure" },
  { NULL }
};

static const FcrmTemplateStage design_stages[] = {
  { "design.consultation",    N_("Consultation and measurements"), "open" },
  { "design.contract",        N_("Contract"),                      "open" },
  { "design.prepayment",      N_("Prepayment"),                    "open" },
  { "design.design",          N_("Design"),                        "open" },
  { "design.approval",        N_("Approval"),                      "open" },
  { "design.to_installation", N_("To installation"),               "open" },
  { "design.won",             N_("Order successful"),              "success" },
  { "design.lost",            N_("Lost"),                          "failure" },
  { NULL }
};

static const FcrmTemplateStage repair_stages[] = {
  { "repair.analysis",        N_("Fault analysis"),  "open" },
  { "repair.warranty_check",  N_("Warranty check"),  "open" },
  { "repair.warranty_repair", N_("Warranty repair"), "open" },
  { "repair.prepayment",      N_("Prepayment"),      "open" },
  { "repair.paid_repair",     N_("Paid repair"),     "open" },
  { "repair.won",             N_("Order successful"), "success" },
  { "repair.lost",            N_("Lost"),            "failure" },
  { NULL }
};

const FcrmTemplatePipeline fcrm_template_pipelines[] = {
  { "lead",          N_("Leads"),         "lead", lead_stages },
  { "manufacturing", N_("Manufacturing"), "deal", mfg_stages },
  { "design",        N_("Design"),        "deal", design_stages },
  { "repair",        N_("Repair"),        "deal", repair_stages },
};
const guint fcrm_template_n_pipelines = G_N_ELEMENTS (fcrm_template_pipelines);

const FcrmTemplateLossReason fcrm_template_loss_reasons[] = {
  { "expensive",    N_("Too expensive") },
  { "not_relevant", N_("No longer relevant") },
  { "no_response",  N_("The client did not get in touch") },
  { "other",        N_("Other") },
};
const guint fcrm_template_n_loss_reasons = G_N_ELEMENTS (fcrm_template_loss_reasons);

/* Shared wordings: the same sentence for the same situation on every stage. */
#define REMIND_DAY    N_("Reminder: the deal “{item}” has not moved for a day.")
#define LONG_DEAL     N_("The deal “{item}” has been at the stage “{stage}” for 3 days. Responsible: {responsible}.")
#define MASTER_ARRIVED N_("Repair “{item}”: call the client — has the master arrived?")

#define ENTRY(key, stage, to, text)         { key, stage, "on_entry", 0, NULL, to, "notify", text, NULL }
#define AFTER(key, stage, days, to, text)   { key, stage, "delay", (days) * DAY, NULL, to, "notify", text, NULL }
#define AT_VISIT(key, stage, to, text)      { key, stage, "at_field", 0, "visit_at", to, "notify", text, NULL }
#define R "responsible"
#define S "supervisors"

const FcrmTemplateRobot fcrm_template_robots[] = {
  ENTRY ("lead.new.entry", "lead.new", R, N_("New lead “{item}”: process it.")),
  AFTER ("lead.new.1d", "lead.new", 1, R, N_("Reminder: the lead “{item}” is still unprocessed.")),
  AFTER ("lead.new.3d", "lead.new", 3, S, N_("The lead “{item}” has been unprocessed for 3 days. Responsible: {responsible}.")),
  ENTRY ("lead.in_progress.entry", "lead.in_progress", R, N_("Process the lead “{item}”: find out the details and choose a direction.")),
  AFTER ("lead.in_progress.3d", "lead.in_progress", 3, S, N_("The lead “{item}” has been in progress for 3 days. Responsible: {responsible}.")),

  ENTRY ("mfg.contract.entry", "mfg.contract", R, N_("New deal “{item}”: discuss the terms and sign the contract.")),
  AFTER ("mfg.contract.1d", "mfg.contract", 1, R, REMIND_DAY),
  AFTER ("mfg.contract.3d", "mfg.contract", 3, S, LONG_DEAL),
  ENTRY ("mfg.prepayment.entry", "mfg.prepayment", R, N_("Deal “{item}”: wait for the client's prepayment.")),
  AFTER ("mfg.prepayment.1d", "mfg.prepayment", 1, R, N_("Deal “{item}”: check whether the prepayment has arrived.")),
  AFTER ("mfg.prepayment.3d", "mfg.prepayment", 3, S, LONG_DEAL),
  ENTRY ("mfg.production.entry", "mfg.production", R, N_("Deal “{item}”: control the production of the furniture.")),
  AFTER ("mfg.production.1d", "mfg.production", 1, R, N_("Reminder: check how the production of “{item}” is going.")),
  AFTER ("mfg.production.3d", "mfg.production", 3, S, LONG_DEAL),
  ENTRY ("mfg.delivery.entry", "mfg.delivery", R, N_("Deal “{item}”: agree the delivery with the client and control it.")),
  AFTER ("mfg.delivery.1d", "mfg.delivery", 1, R, N_("Reminder: move the deal “{item}” to the next stage once the furniture is delivered.")),
  ENTRY ("mfg.installation.entry", "mfg.installation", R, N_("Deal “{item}”: call the client, check the quality of the installation and ask for feedback.")),
  ENTRY ("mfg.payment.entry", "mfg.payment", R, N_("Order “{item}” is complete: collect the final payment.")),
  AFTER ("mfg.payment.1d", "mfg.payment", 1, R, N_("Reminder: the final payment for “{item}” has not been received yet.")),
  AFTER ("mfg.payment.3d", "mfg.payment", 3, S, LONG_DEAL),

  ENTRY ("design.consultation.entry", "design.consultation", R, N_("New design deal “{item}”: consult the client and take measurements.")),
  AFTER ("design.consultation.1d", "design.consultation", 1, R, REMIND_DAY),
  AFTER ("design.consultation.3d", "design.consultation", 3, S, LONG_DEAL),
  ENTRY ("design.contract.entry", "design.contract", R, N_("Deal “{item}”: agree and sign the contract.")),
  AFTER ("design.contract.1d", "design.contract", 1, R, REMIND_DAY),
  AFTER ("design.contract.3d", "design.contract", 3, S, LONG_DEAL),
  ENTRY ("design.prepayment.entry", "design.prepayment", R, N_("Deal “{item}”: the documents have been sent, wait for the prepayment.")),
  AFTER ("design.prepayment.1d", "design.prepayment", 1, R, REMIND_DAY),
  ENTRY ("design.design.entry", "design.design", R, N_("Deal “{item}”: agree the design project with the client.")),
  ENTRY ("design.approval.entry", "design.approval", R, N_("Deal “{item}”: prepare the full package of documents, then finish the deal as won or lost, or send it to installation.")),
  { "design.to_installation.move", "design.to_installation", "on_entry", 0, NULL, "none", "move",
    N_("Move the deal to manufacturing for installation."), "mfg.contract" },

  ENTRY ("repair.analysis.entry", "repair.analysis", R, N_("New repair “{item}”: inspect the furniture and find the faults.")),
  AFTER ("repair.analysis.1d", "repair.analysis", 1, R, REMIND_DAY),
  AFTER ("repair.analysis.3d", "repair.analysis", 3, S, LONG_DEAL),
  ENTRY ("repair.warranty_check.entry", "repair.warranty_check", R, N_("Repair “{item}”: decide whether the case is covered by the warranty.")),
  AFTER ("repair.warranty_check.1d", "repair.warranty_check", 1, R, REMIND_DAY),
  ENTRY ("repair.warranty_repair.entry", "repair.warranty_repair", R, N_("Warranty repair “{item}”: agree the date and time of the master's visit with the client.")),
  AT_VISIT ("repair.warranty_repair.visit", "repair.warranty_repair", R, MASTER_ARRIVED),
  ENTRY ("repair.prepayment.entry", "repair.prepayment", R, N_("Paid repair “{item}”: wait for the client's prepayment.")),
  ENTRY ("repair.paid_repair.entry", "repair.paid_repair", R, N_("Paid repair “{item}”: agree the date and time of the master's visit with the client.")),
  AT_VISIT ("repair.paid_repair.visit", "repair.paid_repair", R, MASTER_ARRIVED),

  { "mfg.lost.process", "mfg.lost", "on_entry", 0, NULL, R, "lost_process",
    N_("The deal “{item}” is lost: call the client again and offer special terms."), NULL },
  { "design.lost.process", "design.lost", "on_entry", 0, NULL, R, "lost_process",
    N_("The deal “{item}” is lost: call the client again and offer special terms."), NULL },
  { "repair.lost.process", "repair.lost", "on_entry", 0, NULL, R, "lost_process",
    N_("The deal “{item}” is lost: call the client again and offer special terms."), NULL },
};
const guint fcrm_template_n_robots = G_N_ELEMENTS (fcrm_template_robots);
