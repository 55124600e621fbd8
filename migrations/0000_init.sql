CREATE TABLE "municipalities" (
	"code" char(6) PRIMARY KEY NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"name" text NOT NULL,
	"medical_area" text NOT NULL,
	"welfare_area" text NOT NULL,
	"insurer" text NOT NULL,
	"insurer_confirmed" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prefectures" (
	"code" char(2) PRIMARY KEY NOT NULL,
	"name_ja" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"sha256" char(64) NOT NULL,
	"rows" integer NOT NULL,
	"inserted" integer NOT NULL,
	"updated" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"prefecture_code" char(2),
	"municipality_code" char(6),
	"key_hash" char(64) NOT NULL,
	"key_prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "survey_homecare_clients" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"client_id" text,
	"office_id" text,
	"care_level" smallint,
	"household" smallint,
	"residence" smallint,
	"r_support_increase" smallint,
	"r_physical_care" smallint,
	"r_dementia" smallint,
	"r_medical_care" smallint,
	"r_other_condition" smallint,
	"r_self_refuses_service" smallint,
	"r_self_anxiety" smallint,
	"r_carer_burden" smallint,
	"r_carer_skill" smallint,
	"r_carer_work" smallint,
	"r_cost" smallint,
	"r_other" smallint,
	"better_service" smallint
);
--> statement-breakpoint
CREATE TABLE "survey_homecare_offices" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"office_id" text,
	"clients_total" integer,
	"moved_total" integer,
	"moved_to_family_home" integer,
	"moved_to_residential" integer,
	"moved_to_facility" integer,
	"moved_to_other" integer
);
--> statement-breakpoint
CREATE TABLE "survey_needs_main" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"respondent_id" text,
	"daily_area" text,
	"sex" smallint,
	"age" integer,
	"certification" smallint,
	"weight" double precision,
	"motor_stairs" smallint,
	"motor_chair_stand" smallint,
	"motor_walk15" smallint,
	"fall_past_year" smallint,
	"fall_anxiety" smallint,
	"outing_weekly" smallint,
	"height_cm" double precision,
	"weight_kg" double precision,
	"oral_hard_food" smallint,
	"oral_choke" smallint,
	"oral_dry_mouth" smallint,
	"weight_loss" smallint,
	"cognition_forgetful" smallint,
	"iadl_bus_train" smallint,
	"iadl_shopping" smallint,
	"iadl_meal_prep" smallint,
	"iadl_bills" smallint,
	"iadl_bank" smallint,
	"part_volunteer" smallint,
	"part_sports" smallint,
	"part_hobby" smallint,
	"part_learning" smallint,
	"part_kayoi" smallint,
	"part_senior_club" smallint,
	"part_neighborhood" smallint,
	"part_paid_work" smallint,
	"health_subjective" smallint,
	"happiness" integer,
	"depression_mood" smallint,
	"depression_anhedonia" smallint,
	"flag_motor" smallint,
	"flag_fall" smallint,
	"flag_withdrawal" smallint,
	"flag_nutrition" smallint,
	"flag_oral" smallint,
	"flag_cognition" smallint,
	"flag_depression" smallint,
	"flag_iadl_low" smallint,
	"flag_participation" smallint,
	"flag_kayoi" smallint,
	"flag_health_good" smallint,
	"flag_happy" smallint
);
--> statement-breakpoint
CREATE TABLE "survey_residence_main" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"facility_id" text,
	"facility_type" smallint,
	"capacity" integer,
	"residents" integer,
	"admissions" integer,
	"discharges_to_home" integer,
	"discharges_to_residential" integer,
	"discharges_to_facility" integer,
	"discharges_to_hospital" integer,
	"discharges_to_other" integer,
	"deaths_in_facility" integer,
	"deaths_after_transfer" integer,
	"suction" smallint,
	"tube_feeding" smallint
);
--> statement-breakpoint
CREATE TABLE "survey_workforce_establishments" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"establishment_id" text,
	"service_group" smallint,
	"staff_regular" integer,
	"staff_nonregular" integer,
	"hires_regular" integer,
	"hires_nonregular" integer,
	"separations_regular" integer,
	"separations_nonregular" integer
);
--> statement-breakpoint
CREATE TABLE "survey_workforce_staff" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"wave" smallint NOT NULL,
	"row_no" integer NOT NULL,
	"staff_id" text,
	"establishment_id" text,
	"sex" smallint,
	"age_band" smallint,
	"employment" smallint,
	"tenure_under_1y" smallint,
	"qualification" smallint
);
--> statement-breakpoint
CREATE TABLE "upload_rule_versions" (
	"upload_id" uuid PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "upload_slices" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"kind" text NOT NULL,
	"part" text NOT NULL,
	"wave" smallint NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"kind" text NOT NULL,
	"part" text NOT NULL,
	"wave" smallint NOT NULL,
	"sha256" char(64) NOT NULL,
	"file_name" text,
	"format" text NOT NULL,
	"encoding" text,
	"rows" integer NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone,
	"retracted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "measures" (
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"period" smallint NOT NULL,
	"measure" text NOT NULL,
	"sex" smallint DEFAULT 0 NOT NULL,
	"age_band" smallint DEFAULT 0 NOT NULL,
	"value" double precision NOT NULL,
	"source" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measures_measure_period_municipality_code_sex_age_band_pk" PRIMARY KEY("measure","period","municipality_code","sex","age_band")
);
--> statement-breakpoint
CREATE TABLE "reference_rows" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"period" smallint NOT NULL,
	"measure" text NOT NULL,
	"sex" smallint NOT NULL,
	"age_band" smallint NOT NULL,
	"value" double precision NOT NULL,
	"row_no" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_slices" (
	"upload_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"measure" text NOT NULL,
	"period" smallint NOT NULL,
	"municipality_code" char(6) NOT NULL,
	"rows" integer NOT NULL,
	"status" text NOT NULL,
	"superseded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reference_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"sha256" char(64) NOT NULL,
	"file_name" text,
	"format" text NOT NULL,
	"encoding" text,
	"rows" integer NOT NULL,
	"rules_version" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retracted_at" timestamp with time zone,
	"retracted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "target_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"action" text NOT NULL,
	"via" text NOT NULL,
	"old_values" jsonb,
	"new_values" jsonb,
	"changed_by_key_id" text,
	"changed_by_name" text,
	"changed_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefecture_code" char(2) NOT NULL,
	"indicator_id" text NOT NULL,
	"scope" text NOT NULL,
	"scope_code" text NOT NULL,
	"target_year" integer NOT NULL,
	"target_value" double precision NOT NULL,
	"baseline_year" integer,
	"baseline_value" double precision,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "indicator_runs" (
	"prefecture_code" char(2) NOT NULL,
	"period" smallint NOT NULL,
	"fingerprint" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_runs_prefecture_code_period_pk" PRIMARY KEY("prefecture_code","period")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"prefecture_code" char(2) NOT NULL,
	"indicator" text NOT NULL,
	"period" smallint NOT NULL,
	"level" text NOT NULL,
	"unit_code" text NOT NULL,
	"unit_name" text NOT NULL,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"numerator" double precision,
	"denominator" double precision,
	"value" double precision,
	"ci95_lower" double precision,
	"ci95_upper" double precision,
	"ci998_lower" double precision,
	"ci998_upper" double precision,
	"undecidable" double precision,
	"contributing" integer NOT NULL,
	"members" integer NOT NULL,
	"uploads" jsonb NOT NULL,
	"rule_version" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_values_prefecture_code_indicator_period_level_unit_code_pk" PRIMARY KEY("prefecture_code","indicator","period","level","unit_code")
);
--> statement-breakpoint
ALTER TABLE "municipalities" ADD CONSTRAINT "municipalities_prefecture_code_prefectures_code_fk" FOREIGN KEY ("prefecture_code") REFERENCES "public"."prefectures"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_rule_versions" ADD CONSTRAINT "upload_rule_versions_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_slices" ADD CONSTRAINT "upload_slices_upload_id_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reference_slices" ADD CONSTRAINT "reference_slices_upload_id_reference_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."reference_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "municipalities_prefecture_idx" ON "municipalities" USING btree ("prefecture_code","medical_area");--> statement-breakpoint
CREATE INDEX "survey_homecare_clients_slice_idx" ON "survey_homecare_clients" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE INDEX "survey_homecare_offices_slice_idx" ON "survey_homecare_offices" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE INDEX "survey_needs_main_slice_idx" ON "survey_needs_main" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE INDEX "survey_residence_main_slice_idx" ON "survey_residence_main" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE INDEX "survey_workforce_establishments_slice_idx" ON "survey_workforce_establishments" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE INDEX "survey_workforce_staff_slice_idx" ON "survey_workforce_staff" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "upload_slices_pk" ON "upload_slices" USING btree ("upload_id","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "upload_slices_one_current" ON "upload_slices" USING btree ("kind","part","wave","municipality_code") WHERE status = 'current';--> statement-breakpoint
CREATE INDEX "upload_slices_history_idx" ON "upload_slices" USING btree ("kind","part","wave","municipality_code","created_at");--> statement-breakpoint
CREATE INDEX "uploads_lookup_idx" ON "uploads" USING btree ("kind","part","wave","sha256");--> statement-breakpoint
CREATE INDEX "measures_source_idx" ON "measures" USING btree ("source","period","municipality_code");--> statement-breakpoint
CREATE INDEX "measures_prefecture_idx" ON "measures" USING btree ("prefecture_code","period","measure");--> statement-breakpoint
CREATE INDEX "reference_rows_slice_idx" ON "reference_rows" USING btree ("upload_id","measure","period","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_slices_pk" ON "reference_slices" USING btree ("upload_id","measure","period","municipality_code");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_slices_one_current" ON "reference_slices" USING btree ("measure","period","municipality_code") WHERE status = 'current';--> statement-breakpoint
CREATE INDEX "reference_slices_history_idx" ON "reference_slices" USING btree ("measure","period","municipality_code","created_at");--> statement-breakpoint
CREATE INDEX "reference_slices_superseded_by_idx" ON "reference_slices" USING btree ("superseded_by");--> statement-breakpoint
CREATE INDEX "reference_uploads_sha_idx" ON "reference_uploads" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "reference_uploads_prefecture_idx" ON "reference_uploads" USING btree ("prefecture_code","created_at");--> statement-breakpoint
CREATE INDEX "target_history_target_idx" ON "target_history" USING btree ("target_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_key_uq" ON "targets" USING btree ("prefecture_code","indicator_id","scope","scope_code","target_year");--> statement-breakpoint
CREATE INDEX "targets_indicator_idx" ON "targets" USING btree ("prefecture_code","indicator_id","target_year");