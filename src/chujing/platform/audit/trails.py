"""The kinds of record the audit chain names, each once: the entity its entries name and the
prefix of its actions where that is not the entity (`report.submit` on `export_report`)."""

from chujing.platform.audit.service import Trail

# people and organisations
USERS = Trail("user")
SIGN_INS = Trail("user", prefix="auth")
API_TOKENS = Trail("api_token", prefix="token")
ZONES = Trail("zone")
DEPARTMENTS = Trail("department")
EXPERTS = Trail("expert")
PROCESSORS = Trail("processor")

# what a processor files: assessments, filings, reports, records, incidents, questions
ASSESSMENTS = Trail("assessment")
FILING_CASES = Trail("filing_case", prefix="filing")
FILING_MATERIALS = Trail("filing_material", prefix="filing")
EXPORT_REPORTS = Trail("export_report", prefix="report")
PERSON_SKETCHES = Trail("person_sketch", prefix="sketch")
PROCESSING_RECORDS = Trail("processing_record", prefix="record")
INCIDENTS = Trail("incident")
CONSULTATIONS = Trail("consultation")

# the lists' drafting (CQ Art 9) and their catalogue
LIST_DRAFTS = Trail("list_draft")
LIST_COMMENTS = Trail("list_comment")
LIST_SURVEYS = Trail("list_survey")
SURVEY_ANSWERS = Trail("list_survey_answer", prefix="list_survey")
LIST_VERSIONS = Trail("list_version")
CATALOGUE_ITEMS = Trail("important_data_item", prefix="catalogue")

# supervision and the zones' reporting upward
INSPECTORS = Trail("inspector")
CONFLICT_DECLARATIONS = Trail("conflict_declaration", prefix="inspector")
PROCESSOR_RISKS = Trail("processor_risk", prefix="processor")
DRAWS = Trail("draw")
INSPECTIONS = Trail("inspection")
ORDERS = Trail("order")
REFERRALS = Trail("referral")
ZONE_REPORTS = Trail("zone_report")
BULLETINS = Trail("bulletin")

# the platform's own runs
CLOCKS = Trail("clocks")
