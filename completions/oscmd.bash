# bash completion for oscmd                                  -*- shell-script -*-
#
# Generated from oscmd's command registry by `oscmd completion bash`: do not edit.
# Install it for your user (bash-completion loads it on first use):
#   mkdir -p ~/.local/share/bash-completion/completions
#   oscmd completion bash > ~/.local/share/bash-completion/completions/oscmd
# or add this line to ~/.bashrc:
#   eval "$(oscmd completion bash)"
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).

_oscmd_spec() {
    # One level: options "flags|arity|dest|repeatable|source", words "word>level", positionals.
    _oscmd_o=() _oscmd_k=() _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd=
    case $1 in
        root)
            _oscmd_o=(
                '-c --config|1|config|0|file'
                '-e --endpoint|1|endpoint|0|'
                '-r --region|1|region|0|@region'
                '-z --zone|1|zone|0|live:zone'
                '-L --listzone|0|listzone|0|'
                '--profile|1|profile|0|live:profile'
                '--output -o|1|output|0|=text table json yaml'
                '--query|1|query|0|'
                '-y --yes|0|yes|0|'
                '--dry-run|0|dry_run|0|'
                '-d --debug|0|debug|0|'
                '--debuglevel|1|debuglevel|0|'
                '--timeout|1|timeout|0|'
                '--keep-going|0|keep_going|0|'
                '--local|0|local|0|'
                '-S --securitycredentials|1|securitycredentials|0|'
                '--version|0|version|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'ami>ami'
                'instance>instance'
                'volume>volume'
                'snapshot>snapshot'
                'eip>eip'
                'securitygroup>securitygroup'
                'keypair>keypair'
                'help>help'
                'completion>completion'
                'journal>journal'
                'undo>undo'
            )
            _oscmd_s=1 ;;
        ami)
            _oscmd_o=(
                '-i --id|1|id|0|live:image:id'
                '-n --name|1|name|0|live:image:name'
                '-s --self|0|self|0|'
                '-o --owner|1|owner|0|'
                '--filter|1|filter|1|live:filter:image'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'run>ami/run'
                'dump>ami/dump'
                'list>ami/list'
                'exist>ami/exist'
                'share>ami/share'
                'unshare>ami/unshare'
                'make>ami/make'
                'delete>ami/delete'
            ) ;;
        ami/run)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-s --volume_size --volume-size|1|volume_size|1|'
                '-i --snap_id --snap-id|1|snap_id|1|live:snapshot:id'
                '-U --url|1|url_commands|1|'
                '--allow-http-include|0|allow_http_include|0|'
                '-t --instance-type --instance_type|1|instance_type|0|@instance_type'
                '-p --placement|1|placement|0|live:zone'
                '-S --security_groups --security-group|1|security_groups|1|live:group:name'
                '-u --user|1|user|0|'
                '-k --key_name --key-name|1|key_name|0|live:keypair:name'
                '-f --key_file --key-file|1|key_file|0|file'
                '-F --Fact --fact|2|local_facts|1|'
                '-H --hostname|1|hostname|0|'
                '-T --template|1|template|0|file'
                '-V --variable|1|variables|1|'
                '-r --ressource --resource|1|ressource|1|live:resource'
                '-R --ressources_dir --resources-dir|1|ressources_dir|1|dir'
                '-e --elastic_ip --elastic-ip|0|elastic_ip|0|'
                '-I --private_ip --private-ip|1|private_ip_address|0|'
                '-P --profile|1|instance_profile_arn|0|'
                '-N --notrun|0|notrun|0|'
                '--subnet-id --subnet_id|1|subnet_id|0|'
                '-w --wait|0|wait|0|'
                '--no-wait|0|no_wait|0|'
                '--show-user-data|0|show_user_data|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--upload-user-data|0|upload_user_data|0|'
                '--root|1|root|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_rd=ressources_dir ;;
        ami/dump)
            _oscmd_o=(
                '-o --owner|1|owner|0|'
                '-O --noowner|0|noowner|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:image:id' _oscmd_pr=1 ;;
        ami/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:image'
                '--reverse|0|reverse|0|'
                '-o --owner|1|owner|0|'
                '-O --noowner|0|noowner|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:image:id' _oscmd_pr=1 ;;
        ami/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        ami/share)
            _oscmd_o=(
                '-u --users|1|users|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/unshare)
            _oscmd_o=(
                '-u --users|1|users|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/make)
            _oscmd_o=(
                '-i --instance|1|instance|0|live:instance:id'
                '-v --volume|1|volume|0|live:volume:id'
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '--no-reboot|0|no_reboot|0|'
                '-a --architecture|1|architecture|0|=x86_64 arm64 i386'
                '-w --wait|0|wait|0|'
                '-s --share|0|share|0|'
                '-A --shared_account --shared-account|1|shared_account|1|'
                '-h --help|0|help|0|'
            ) ;;
        ami/delete)
            _oscmd_o=(
                '-d --delete_snapshot --delete-snapshot|0|delete_snapshot|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance)
            _oscmd_o=(
                '-i --id|1|id|0|live:instance:id'
                '-n --name|1|name|0|live:instance:name'
                '-s --self|0|self|0|'
                '--filter|1|filter|1|live:filter:instance'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>instance/dump'
                'list>instance/list'
                'exist>instance/exist'
                'start>instance/start'
                'stop>instance/stop'
                'reboot>instance/reboot'
                'terminate>instance/terminate'
                'ssh>instance/ssh'
                'ping>instance/ping'
                'console>instance/console'
                'associate>instance/associate'
                'attach>instance/attach'
                'addvolume>instance/addvolume'
                'summary>instance/summary'
                'offering>instance/offering'
                'getwinpass>instance/getwinpass'
                'getrole>instance/getrole'
            ) ;;
        instance/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:instance:id' _oscmd_pr=1 ;;
        instance/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:instance'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:instance:id' _oscmd_pr=1 ;;
        instance/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/start)
            _oscmd_o=(
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/stop)
            _oscmd_o=(
                '-f --forced --force|0|forced|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/reboot)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/terminate)
            _oscmd_o=(
                '-p --purge|0|purge|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/ssh)
            _oscmd_o=(
                '-u --user|1|user|0|'
                '-f --key_file --key-file|1|key_file|0|file'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--connect-timeout|1|connect_timeout|0|'
                '--openssh|0|openssh|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/ping)
            _oscmd_o=(
                '-c --count|1|count|0|'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/console)
            _oscmd_o=(
                '-f --follow|0|follow|0|'
                '--interval|1|interval|0|'
                '--raw|0|raw|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/associate)
            _oscmd_o=(
                '-i --ip|1|ip|0|live:address:id'
                '-h --help|0|help|0|'
            ) ;;
        instance/attach)
            _oscmd_o=(
                '-i --id|1|volume_id|0|live:volume:id'
                '-n --name|1|volume_name|0|live:volume:name'
                '-d --device|1|device|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/addvolume)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-s --size|1|size|0|'
                '-t --type|1|volume_type|0|@volume_type'
                '-m --mount|1|mount|0|'
                '-d --deviceid|1|deviceid|0|'
                '-u --user|1|user|0|'
                '-f --key_file --key-file|1|key_file|0|file'
                '--private|0|private|0|'
                '--host|1|host|0|'
                '--port|1|port|0|'
                '-J --jump|1|jump|0|'
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off'
                '--connect-timeout|1|connect_timeout|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        instance/offering)
            _oscmd_o=(
                '-z --zone|1|zone|0|live:zone'
                '-f --family|1|family|0|'
                '-h --help|0|help|0|'
            ) ;;
        instance/getwinpass)
            _oscmd_o=(
                '-f --key_file --key-file|1|key_file|0|file'
                '-h --help|0|help|0|'
            ) ;;
        instance/getrole)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume)
            _oscmd_o=(
                '-i --id|1|id|0|live:volume:id'
                '-n --name|1|name|0|live:volume:name'
                '--filter|1|filter|1|live:filter:volume'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>volume/dump'
                'list>volume/list'
                'exist>volume/exist'
                'summary>volume/summary'
                'create>volume/create'
                'attach>volume/attach'
                'detach>volume/detach'
                'delete>volume/delete'
            ) ;;
        volume/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:volume:id' _oscmd_pr=1 ;;
        volume/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:volume'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:volume:id' _oscmd_pr=1 ;;
        volume/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        volume/create)
            _oscmd_o=(
                '-s --size|1|size|0|'
                '-z --zone|1|zone|0|live:zone'
                '-n --name|1|name|0|'
                '-t --type|1|volume_type|0|@volume_type'
                '--iops|1|iops|0|'
                '--throughput|1|throughput|0|'
                '--encrypted|0|encrypted|0|'
                '--snapshot|1|snapshot|0|live:snapshot:id'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/attach)
            _oscmd_o=(
                '-i --id|1|instance_id|0|live:instance:id'
                '-n --name|1|instance_name|0|live:instance:name'
                '-d --device|1|device|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/detach)
            _oscmd_o=(
                '-f --forced --force|0|forced|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        volume/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot)
            _oscmd_o=(
                '-i --id|1|id|0|live:snapshot:id'
                '-n --name|1|name|0|live:snapshot:name'
                '--filter|1|filter|1|live:filter:snapshot'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>snapshot/dump'
                'list>snapshot/list'
                'exist>snapshot/exist'
                'summary>snapshot/summary'
                'create>snapshot/create'
                'delete>snapshot/delete'
            ) ;;
        snapshot/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:snapshot:id' _oscmd_pr=1 ;;
        snapshot/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:snapshot'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:snapshot:id' _oscmd_pr=1 ;;
        snapshot/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        snapshot/create)
            _oscmd_o=(
                '-v --volume|1|volume|0|live:volume:id'
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '-w --wait|0|wait|0|'
                '-h --help|0|help|0|'
            ) ;;
        snapshot/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip)
            _oscmd_o=(
                '-i --id|1|id|0|live:address:id'
                '--filter|1|filter|1|live:filter:address'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>eip/dump'
                'list>eip/list'
                'exist>eip/exist'
                'summary>eip/summary'
                'allocate>eip/allocate'
                'associate>eip/associate'
                'disassociate>eip/disassociate'
                'release>eip/release'
            ) ;;
        eip/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:address:id' _oscmd_pr=1 ;;
        eip/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:address'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:address:id' _oscmd_pr=1 ;;
        eip/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/summary)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/allocate)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-h --help|0|help|0|'
            ) ;;
        eip/associate)
            _oscmd_o=(
                '-i --id|1|instance_id|0|live:instance:id'
                '-n --name|1|instance_name|0|live:instance:name'
                '-h --help|0|help|0|'
            ) ;;
        eip/disassociate)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        eip/release)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup)
            _oscmd_o=(
                '-i --id|1|id|0|live:group:id'
                '-n --name|1|name|0|live:group:name'
                '--filter|1|filter|1|live:filter:group'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>securitygroup/dump'
                'list>securitygroup/list'
                'exist>securitygroup/exist'
                'create>securitygroup/create'
                'delete>securitygroup/delete'
                'add_rule>securitygroup/add_rule'
                'remove_rule>securitygroup/remove_rule'
            ) ;;
        securitygroup/dump)
            _oscmd_o=(
                '-u --used|0|used|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:group:id' _oscmd_pr=1 ;;
        securitygroup/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:group'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:group:id' _oscmd_pr=1 ;;
        securitygroup/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/create)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-d --description|1|description|0|'
                '--vpc-id|1|vpc_id|0|'
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/add_rule)
            _oscmd_o=(
                '-p --protocol|1|protocol|1|@protocol'
                '-P --port_range --port-range|1|port_range|0|'
                '-f --from|1|from_port|0|'
                '-t --to|1|to_port|0|'
                '-m --mask|1|mask|1|'
                '-s --source_group --source-group|1|source_group|0|live:group:id'
                '-d --description|1|description|0|'
                '-h --help|0|help|0|'
            ) ;;
        securitygroup/remove_rule)
            _oscmd_o=(
                '-p --protocol|1|protocol|1|@protocol'
                '-P --port_range --port-range|1|port_range|0|'
                '-f --from|1|from_port|0|'
                '-t --to|1|to_port|0|'
                '-m --mask|1|mask|1|'
                '-s --source_group --source-group|1|source_group|0|live:group:id'
                '-h --help|0|help|0|'
            ) ;;
        keypair)
            _oscmd_o=(
                '-i --id|1|id|0|live:keypair:name'
                '-n --name|1|name|0|live:keypair:name'
                '--filter|1|filter|1|live:filter:keypair'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'dump>keypair/dump'
                'list>keypair/list'
                'exist>keypair/exist'
                'create>keypair/create'
                'import>keypair/import'
                'delete>keypair/delete'
            ) ;;
        keypair/dump)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:keypair:id' _oscmd_pr=1 ;;
        keypair/list)
            _oscmd_o=(
                '-p --pattern|1|pattern|0|'
                '-s --showattributes|0|showattributes|0|'
                '--sort|1|sort|0|live:attribute:keypair'
                '--reverse|0|reverse|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_p='live:keypair:id' _oscmd_pr=1 ;;
        keypair/exist)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        keypair/create)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-o --output-directory --output_directory|1|output_directory|0|dir'
                '-t --type|1|key_type|0|=rsa ed25519'
                '-h --help|0|help|0|'
            ) ;;
        keypair/import)
            _oscmd_o=(
                '-n --name|1|name|0|'
                '-f --file|1|file|0|file'
                '-h --help|0|help|0|'
            ) ;;
        keypair/delete)
            _oscmd_o=(
                '-h --help|0|help|0|'
            ) ;;
        help)
            _oscmd_k=(
                'config>end'
                'templates>end'
                'user-data>end'
                'resources>end'
                'scripts>end'
                'shell>end'
                'exit-codes>end'
                'environment>end'
                'outscale>end'
                'completion>end'
                'patterns>end'
                'json>end'
                'fleet>end'
                'files>end'
                'journal>end'
                'ami>help/ami'
                'instance>help/instance'
                'volume>help/volume'
                'snapshot>help/snapshot'
                'eip>help/eip'
                'securitygroup>help/securitygroup'
                'keypair>help/keypair'
            ) ;;
        help/ami)
            _oscmd_k=(
                'run>end'
                'dump>end'
                'list>end'
                'exist>end'
                'share>end'
                'unshare>end'
                'make>end'
                'delete>end'
            ) ;;
        help/instance)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'start>end'
                'stop>end'
                'reboot>end'
                'terminate>end'
                'ssh>end'
                'ping>end'
                'console>end'
                'associate>end'
                'attach>end'
                'addvolume>end'
                'summary>end'
                'offering>end'
                'getwinpass>end'
                'getrole>end'
            ) ;;
        help/volume)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'create>end'
                'attach>end'
                'detach>end'
                'delete>end'
            ) ;;
        help/snapshot)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'create>end'
                'delete>end'
            ) ;;
        help/eip)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'summary>end'
                'allocate>end'
                'associate>end'
                'disassociate>end'
                'release>end'
            ) ;;
        help/securitygroup)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'create>end'
                'delete>end'
                'add_rule>end'
                'remove_rule>end'
            ) ;;
        help/keypair)
            _oscmd_k=(
                'dump>end'
                'list>end'
                'exist>end'
                'create>end'
                'import>end'
                'delete>end'
            ) ;;
        completion)
            _oscmd_o=(
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'bash>end'
                'zsh>end'
                'fish>end'
            ) ;;
        journal)
            _oscmd_o=(
                '-n --count|1|count|0|'
                '--region|1|region|0|@region'
                '--object|1|object|0|=ami instance volume snapshot eip securitygroup keypair undo'
                '--since|1|since|0|'
                '--all|0|all|0|'
                '-h --help|0|help|0|'
            )
            _oscmd_k=(
                'show>end'
            ) ;;
        undo)
            _oscmd_o=(
                '-y --yes|0|yes|0|'
                '--dry-run|0|dry_run|0|'
                '-h --help|0|help|0|'
            ) ;;
    esac
}

_oscmd_static() {
    case $1 in
        instance_type) _oscmd_w='a1.medium a1.large a1.xlarge a1.2xlarge a1.4xlarge a1.metal c1.medium c1.xlarge c3.large c3.xlarge c3.2xlarge c3.4xlarge c3.8xlarge c4.large c4.xlarge c4.2xlarge c4.4xlarge c4.8xlarge c5.large c5.xlarge c5.2xlarge c5.4xlarge c5.9xlarge c5.12xlarge c5.18xlarge c5.24xlarge c5.metal c5a.large c5a.xlarge c5a.2xlarge c5a.4xlarge c5a.8xlarge c5a.12xlarge c5a.16xlarge c5a.24xlarge c5ad.large c5ad.xlarge c5ad.2xlarge c5ad.4xlarge c5ad.8xlarge c5ad.12xlarge c5ad.16xlarge c5ad.24xlarge c5d.large c5d.xlarge c5d.2xlarge c5d.4xlarge c5d.9xlarge c5d.12xlarge c5d.18xlarge c5d.24xlarge c5d.metal c5n.large c5n.xlarge c5n.2xlarge c5n.4xlarge c5n.9xlarge c5n.18xlarge c5n.metal c6a.large c6a.xlarge c6a.2xlarge c6a.4xlarge c6a.8xlarge c6a.12xlarge c6a.16xlarge c6a.24xlarge c6a.32xlarge c6a.48xlarge c6a.metal c6g.medium c6g.large c6g.xlarge c6g.2xlarge c6g.4xlarge c6g.8xlarge c6g.12xlarge c6g.16xlarge c6g.metal c6gd.medium c6gd.large c6gd.xlarge c6gd.2xlarge c6gd.4xlarge c6gd.8xlarge c6gd.12xlarge c6gd.16xlarge c6gd.metal c6gn.medium c6gn.large c6gn.xlarge c6gn.2xlarge c6gn.4xlarge c6gn.8xlarge c6gn.12xlarge c6gn.16xlarge c6i.large c6i.xlarge c6i.2xlarge c6i.4xlarge c6i.8xlarge c6i.12xlarge c6i.16xlarge c6i.24xlarge c6i.32xlarge c6i.metal c6id.large c6id.xlarge c6id.2xlarge c6id.4xlarge c6id.8xlarge c6id.12xlarge c6id.16xlarge c6id.24xlarge c6id.32xlarge c6id.metal c6in.large c6in.xlarge c6in.2xlarge c6in.4xlarge c6in.8xlarge c6in.12xlarge c6in.16xlarge c6in.24xlarge c6in.32xlarge c6in.metal c7a.medium c7a.large c7a.xlarge c7a.2xlarge c7a.4xlarge c7a.8xlarge c7a.12xlarge c7a.16xlarge c7a.24xlarge c7a.32xlarge c7a.48xlarge c7a.metal-48xl c7g.medium c7g.large c7g.xlarge c7g.2xlarge c7g.4xlarge c7g.8xlarge c7g.12xlarge c7g.16xlarge c7g.metal c7gd.medium c7gd.large c7gd.xlarge c7gd.2xlarge c7gd.4xlarge c7gd.8xlarge c7gd.12xlarge c7gd.16xlarge c7gd.metal c7gn.medium c7gn.large c7gn.xlarge c7gn.2xlarge c7gn.4xlarge c7gn.8xlarge c7gn.12xlarge c7gn.16xlarge c7gn.metal c7i.large c7i.xlarge c7i.2xlarge c7i.4xlarge c7i.8xlarge c7i.12xlarge c7i.16xlarge c7i.24xlarge c7i.48xlarge c7i.metal-24xl c7i.metal-48xl c7i-flex.large c7i-flex.xlarge c7i-flex.2xlarge c7i-flex.4xlarge c7i-flex.8xlarge c7i-flex.12xlarge c7i-flex.16xlarge c8a.medium c8a.large c8a.xlarge c8a.2xlarge c8a.4xlarge c8a.8xlarge c8a.12xlarge c8a.16xlarge c8a.24xlarge c8a.48xlarge c8a.metal-24xl c8a.metal-48xl c8g.medium c8g.large c8g.xlarge c8g.2xlarge c8g.4xlarge c8g.8xlarge c8g.12xlarge c8g.16xlarge c8g.24xlarge c8g.48xlarge c8g.metal-24xl c8g.metal-48xl c8gb.medium c8gb.large c8gb.xlarge c8gb.2xlarge c8gb.4xlarge c8gb.8xlarge c8gb.12xlarge c8gb.16xlarge c8gb.24xlarge c8gb.48xlarge c8gb.metal-24xl c8gb.metal-48xl c8gd.medium c8gd.large c8gd.xlarge c8gd.2xlarge c8gd.4xlarge c8gd.8xlarge c8gd.12xlarge c8gd.16xlarge c8gd.24xlarge c8gd.48xlarge c8gd.metal-24xl c8gd.metal-48xl c8gn.medium c8gn.large c8gn.xlarge c8gn.2xlarge c8gn.4xlarge c8gn.8xlarge c8gn.12xlarge c8gn.16xlarge c8gn.24xlarge c8gn.48xlarge c8gn.metal-24xl c8gn.metal-48xl c8i.large c8i.xlarge c8i.2xlarge c8i.4xlarge c8i.8xlarge c8i.12xlarge c8i.16xlarge c8i.24xlarge c8i.32xlarge c8i.48xlarge c8i.96xlarge c8i.metal-48xl c8i.metal-96xl c8i-flex.large c8i-flex.xlarge c8i-flex.2xlarge c8i-flex.4xlarge c8i-flex.8xlarge c8i-flex.12xlarge c8i-flex.16xlarge c8id.large c8id.xlarge c8id.2xlarge c8id.4xlarge c8id.8xlarge c8id.12xlarge c8id.16xlarge c8id.24xlarge c8id.32xlarge c8id.48xlarge c8id.96xlarge c8id.metal-48xl c8id.metal-96xl cc1.4xlarge cc2.8xlarge cg1.4xlarge cr1.8xlarge d2.xlarge d2.2xlarge d2.4xlarge d2.8xlarge d3.xlarge d3.2xlarge d3.4xlarge d3.8xlarge d3en.xlarge d3en.2xlarge d3en.4xlarge d3en.6xlarge d3en.8xlarge d3en.12xlarge dl1.24xlarge dl2q.24xlarge f1.2xlarge f1.4xlarge f1.16xlarge f2.6xlarge f2.12xlarge f2.48xlarge g2.2xlarge g2.8xlarge g3.4xlarge g3.8xlarge g3.16xlarge g3s.xlarge g4ad.xlarge g4ad.2xlarge g4ad.4xlarge g4ad.8xlarge g4ad.16xlarge g4dn.xlarge g4dn.2xlarge g4dn.4xlarge g4dn.8xlarge g4dn.12xlarge g4dn.16xlarge g4dn.metal g5.xlarge g5.2xlarge g5.4xlarge g5.8xlarge g5.12xlarge g5.16xlarge g5.24xlarge g5.48xlarge g5g.xlarge g5g.2xlarge g5g.4xlarge g5g.8xlarge g5g.16xlarge g5g.metal g6.xlarge g6.2xlarge g6.4xlarge g6.8xlarge g6.12xlarge g6.16xlarge g6.24xlarge g6.48xlarge g6e.xlarge g6e.2xlarge g6e.4xlarge g6e.8xlarge g6e.12xlarge g6e.16xlarge g6e.24xlarge g6e.48xlarge g6f.large g6f.xlarge g6f.2xlarge g6f.4xlarge g7e.2xlarge g7e.4xlarge g7e.8xlarge g7e.12xlarge g7e.24xlarge g7e.48xlarge gr6.4xlarge gr6.8xlarge gr6f.4xlarge h1.2xlarge h1.4xlarge h1.8xlarge h1.16xlarge hi1.4xlarge hpc6a.48xlarge hpc6id.32xlarge hpc7a.12xlarge hpc7a.24xlarge hpc7a.48xlarge hpc7a.96xlarge hpc7g.4xlarge hpc7g.8xlarge hpc7g.16xlarge hpc8a.96xlarge hs1.8xlarge i2.xlarge i2.2xlarge i2.4xlarge i2.8xlarge i3.large i3.xlarge i3.2xlarge i3.4xlarge i3.8xlarge i3.16xlarge i3.metal i3en.large i3en.xlarge i3en.2xlarge i3en.3xlarge i3en.6xlarge i3en.12xlarge i3en.24xlarge i3en.metal i4g.large i4g.xlarge i4g.2xlarge i4g.4xlarge i4g.8xlarge i4g.16xlarge i4i.large i4i.xlarge i4i.2xlarge i4i.4xlarge i4i.8xlarge i4i.12xlarge i4i.16xlarge i4i.24xlarge i4i.32xlarge i4i.metal i7i.large i7i.xlarge i7i.2xlarge i7i.4xlarge i7i.8xlarge i7i.12xlarge i7i.16xlarge i7i.24xlarge i7i.48xlarge i7i.metal-24xl i7i.metal-48xl i7ie.large i7ie.xlarge i7ie.2xlarge i7ie.3xlarge i7ie.6xlarge i7ie.12xlarge i7ie.18xlarge i7ie.24xlarge i7ie.48xlarge i7ie.metal-24xl i7ie.metal-48xl i8g.large i8g.xlarge i8g.2xlarge i8g.4xlarge i8g.8xlarge i8g.12xlarge i8g.16xlarge i8g.24xlarge i8g.48xlarge i8g.metal-24xl i8ge.large i8ge.xlarge i8ge.2xlarge i8ge.3xlarge i8ge.6xlarge i8ge.12xlarge i8ge.18xlarge i8ge.24xlarge i8ge.48xlarge i8ge.metal-24xl i8ge.metal-48xl im4gn.large im4gn.xlarge im4gn.2xlarge im4gn.4xlarge im4gn.8xlarge im4gn.16xlarge inf1.xlarge inf1.2xlarge inf1.6xlarge inf1.24xlarge inf2.xlarge inf2.8xlarge inf2.24xlarge inf2.48xlarge is4gen.medium is4gen.large is4gen.xlarge is4gen.2xlarge is4gen.4xlarge is4gen.8xlarge m1.small m1.medium m1.large m1.xlarge m2.xlarge m2.2xlarge m2.4xlarge m3.medium m3.large m3.xlarge m3.2xlarge m4.large m4.xlarge m4.2xlarge m4.4xlarge m4.10xlarge m4.16xlarge m5.large m5.xlarge m5.2xlarge m5.4xlarge m5.8xlarge m5.12xlarge m5.16xlarge m5.24xlarge m5.metal m5a.large m5a.xlarge m5a.2xlarge m5a.4xlarge m5a.8xlarge m5a.12xlarge m5a.16xlarge m5a.24xlarge m5ad.large m5ad.xlarge m5ad.2xlarge m5ad.4xlarge m5ad.8xlarge m5ad.12xlarge m5ad.16xlarge m5ad.24xlarge m5d.large m5d.xlarge m5d.2xlarge m5d.4xlarge m5d.8xlarge m5d.12xlarge m5d.16xlarge m5d.24xlarge m5d.metal m5dn.large m5dn.xlarge m5dn.2xlarge m5dn.4xlarge m5dn.8xlarge m5dn.12xlarge m5dn.16xlarge m5dn.24xlarge m5dn.metal m5n.large m5n.xlarge m5n.2xlarge m5n.4xlarge m5n.8xlarge m5n.12xlarge m5n.16xlarge m5n.24xlarge m5n.metal m5zn.large m5zn.xlarge m5zn.2xlarge m5zn.3xlarge m5zn.6xlarge m5zn.12xlarge m5zn.metal m6a.large m6a.xlarge m6a.2xlarge m6a.4xlarge m6a.8xlarge m6a.12xlarge m6a.16xlarge m6a.24xlarge m6a.32xlarge m6a.48xlarge m6a.metal m6g.medium m6g.large m6g.xlarge m6g.2xlarge m6g.4xlarge m6g.8xlarge m6g.12xlarge m6g.16xlarge m6g.metal m6gd.medium m6gd.large m6gd.xlarge m6gd.2xlarge m6gd.4xlarge m6gd.8xlarge m6gd.12xlarge m6gd.16xlarge m6gd.metal m6i.large m6i.xlarge m6i.2xlarge m6i.4xlarge m6i.8xlarge m6i.12xlarge m6i.16xlarge m6i.24xlarge m6i.32xlarge m6i.metal m6id.large m6id.xlarge m6id.2xlarge m6id.4xlarge m6id.8xlarge m6id.12xlarge m6id.16xlarge m6id.24xlarge m6id.32xlarge m6id.metal m6idn.large m6idn.xlarge m6idn.2xlarge m6idn.4xlarge m6idn.8xlarge m6idn.12xlarge m6idn.16xlarge m6idn.24xlarge m6idn.32xlarge m6idn.metal m6in.large m6in.xlarge m6in.2xlarge m6in.4xlarge m6in.8xlarge m6in.12xlarge m6in.16xlarge m6in.24xlarge m6in.32xlarge m6in.metal m7a.medium m7a.large m7a.xlarge m7a.2xlarge m7a.4xlarge m7a.8xlarge m7a.12xlarge m7a.16xlarge m7a.24xlarge m7a.32xlarge m7a.48xlarge m7a.metal-48xl m7g.medium m7g.large m7g.xlarge m7g.2xlarge m7g.4xlarge m7g.8xlarge m7g.12xlarge m7g.16xlarge m7g.metal m7gd.medium m7gd.large m7gd.xlarge m7gd.2xlarge m7gd.4xlarge m7gd.8xlarge m7gd.12xlarge m7gd.16xlarge m7gd.metal m7i.large m7i.xlarge m7i.2xlarge m7i.4xlarge m7i.8xlarge m7i.12xlarge m7i.16xlarge m7i.24xlarge m7i.48xlarge m7i.metal-24xl m7i.metal-48xl m7i-flex.large m7i-flex.xlarge m7i-flex.2xlarge m7i-flex.4xlarge m7i-flex.8xlarge m7i-flex.12xlarge m7i-flex.16xlarge m8a.medium m8a.large m8a.xlarge m8a.2xlarge m8a.4xlarge m8a.8xlarge m8a.12xlarge m8a.16xlarge m8a.24xlarge m8a.48xlarge m8a.metal-24xl m8a.metal-48xl m8azn.medium m8azn.large m8azn.xlarge m8azn.3xlarge m8azn.6xlarge m8azn.12xlarge m8azn.24xlarge m8azn.metal-12xl m8azn.metal-24xl m8g.medium m8g.large m8g.xlarge m8g.2xlarge m8g.4xlarge m8g.8xlarge m8g.12xlarge m8g.16xlarge m8g.24xlarge m8g.48xlarge m8g.metal-24xl m8g.metal-48xl m8gb.medium m8gb.large m8gb.xlarge m8gb.2xlarge m8gb.4xlarge m8gb.8xlarge m8gb.12xlarge m8gb.16xlarge m8gb.24xlarge m8gb.48xlarge m8gb.metal-24xl m8gb.metal-48xl m8gd.medium m8gd.large m8gd.xlarge m8gd.2xlarge m8gd.4xlarge m8gd.8xlarge m8gd.12xlarge m8gd.16xlarge m8gd.24xlarge m8gd.48xlarge m8gd.metal-24xl m8gd.metal-48xl m8gn.medium m8gn.large m8gn.xlarge m8gn.2xlarge m8gn.4xlarge m8gn.8xlarge m8gn.12xlarge m8gn.16xlarge m8gn.24xlarge m8gn.48xlarge m8gn.metal-24xl m8gn.metal-48xl m8i.large m8i.xlarge m8i.2xlarge m8i.4xlarge m8i.8xlarge m8i.12xlarge m8i.16xlarge m8i.24xlarge m8i.32xlarge m8i.48xlarge m8i.96xlarge m8i.metal-48xl m8i.metal-96xl m8i-flex.large m8i-flex.xlarge m8i-flex.2xlarge m8i-flex.4xlarge m8i-flex.8xlarge m8i-flex.12xlarge m8i-flex.16xlarge m8id.large m8id.xlarge m8id.2xlarge m8id.4xlarge m8id.8xlarge m8id.12xlarge m8id.16xlarge m8id.24xlarge m8id.32xlarge m8id.48xlarge m8id.96xlarge m8id.metal-48xl m8id.metal-96xl mac-m4.metal mac-m4max.metal mac-m4pro.metal mac1.metal mac2.metal mac2-m1ultra.metal mac2-m2.metal mac2-m2pro.metal p2.xlarge p2.8xlarge p2.16xlarge p3.2xlarge p3.8xlarge p3.16xlarge p3dn.24xlarge p4d.24xlarge p4de.24xlarge p5.4xlarge p5.48xlarge p5e.48xlarge p5en.48xlarge p6-b200.48xlarge p6-b300.48xlarge p6e-gb200.36xlarge r3.large r3.xlarge r3.2xlarge r3.4xlarge r3.8xlarge r4.large r4.xlarge r4.2xlarge r4.4xlarge r4.8xlarge r4.16xlarge r5.large r5.xlarge r5.2xlarge r5.4xlarge r5.8xlarge r5.12xlarge r5.16xlarge r5.24xlarge r5.metal r5a.large r5a.xlarge r5a.2xlarge r5a.4xlarge r5a.8xlarge r5a.12xlarge r5a.16xlarge r5a.24xlarge r5ad.large r5ad.xlarge r5ad.2xlarge r5ad.4xlarge r5ad.8xlarge r5ad.12xlarge r5ad.16xlarge r5ad.24xlarge r5b.large r5b.xlarge r5b.2xlarge r5b.4xlarge r5b.8xlarge r5b.12xlarge r5b.16xlarge r5b.24xlarge r5b.metal r5d.large r5d.xlarge r5d.2xlarge r5d.4xlarge r5d.8xlarge r5d.12xlarge r5d.16xlarge r5d.24xlarge r5d.metal r5dn.large r5dn.xlarge r5dn.2xlarge r5dn.4xlarge r5dn.8xlarge r5dn.12xlarge r5dn.16xlarge r5dn.24xlarge r5dn.metal r5n.large r5n.xlarge r5n.2xlarge r5n.4xlarge r5n.8xlarge r5n.12xlarge r5n.16xlarge r5n.24xlarge r5n.metal r6a.large r6a.xlarge r6a.2xlarge r6a.4xlarge r6a.8xlarge r6a.12xlarge r6a.16xlarge r6a.24xlarge r6a.32xlarge r6a.48xlarge r6a.metal r6g.medium r6g.large r6g.xlarge r6g.2xlarge r6g.4xlarge r6g.8xlarge r6g.12xlarge r6g.16xlarge r6g.metal r6gd.medium r6gd.large r6gd.xlarge r6gd.2xlarge r6gd.4xlarge r6gd.8xlarge r6gd.12xlarge r6gd.16xlarge r6gd.metal r6i.large r6i.xlarge r6i.2xlarge r6i.4xlarge r6i.8xlarge r6i.12xlarge r6i.16xlarge r6i.24xlarge r6i.32xlarge r6i.metal r6id.large r6id.xlarge r6id.2xlarge r6id.4xlarge r6id.8xlarge r6id.12xlarge r6id.16xlarge r6id.24xlarge r6id.32xlarge r6id.metal r6idn.large r6idn.xlarge r6idn.2xlarge r6idn.4xlarge r6idn.8xlarge r6idn.12xlarge r6idn.16xlarge r6idn.24xlarge r6idn.32xlarge r6idn.metal r6in.large r6in.xlarge r6in.2xlarge r6in.4xlarge r6in.8xlarge r6in.12xlarge r6in.16xlarge r6in.24xlarge r6in.32xlarge r6in.metal r7a.medium r7a.large r7a.xlarge r7a.2xlarge r7a.4xlarge r7a.8xlarge r7a.12xlarge r7a.16xlarge r7a.24xlarge r7a.32xlarge r7a.48xlarge r7a.metal-48xl r7g.medium r7g.large r7g.xlarge r7g.2xlarge r7g.4xlarge r7g.8xlarge r7g.12xlarge r7g.16xlarge r7g.metal r7gd.medium r7gd.large r7gd.xlarge r7gd.2xlarge r7gd.4xlarge r7gd.8xlarge r7gd.12xlarge r7gd.16xlarge r7gd.metal r7i.large r7i.xlarge r7i.2xlarge r7i.4xlarge r7i.8xlarge r7i.12xlarge r7i.16xlarge r7i.24xlarge r7i.48xlarge r7i.metal-24xl r7i.metal-48xl r7iz.large r7iz.xlarge r7iz.2xlarge r7iz.4xlarge r7iz.8xlarge r7iz.12xlarge r7iz.16xlarge r7iz.32xlarge r7iz.metal-16xl r7iz.metal-32xl r8a.medium r8a.large r8a.xlarge r8a.2xlarge r8a.4xlarge r8a.8xlarge r8a.12xlarge r8a.16xlarge r8a.24xlarge r8a.48xlarge r8a.metal-24xl r8a.metal-48xl r8g.medium r8g.large r8g.xlarge r8g.2xlarge r8g.4xlarge r8g.8xlarge r8g.12xlarge r8g.16xlarge r8g.24xlarge r8g.48xlarge r8g.metal-24xl r8g.metal-48xl r8gb.medium r8gb.large r8gb.xlarge r8gb.2xlarge r8gb.4xlarge r8gb.8xlarge r8gb.12xlarge r8gb.16xlarge r8gb.24xlarge r8gb.metal-24xl r8gd.medium r8gd.large r8gd.xlarge r8gd.2xlarge r8gd.4xlarge r8gd.8xlarge r8gd.12xlarge r8gd.16xlarge r8gd.24xlarge r8gd.48xlarge r8gd.metal-24xl r8gd.metal-48xl r8gn.medium r8gn.large r8gn.xlarge r8gn.2xlarge r8gn.4xlarge r8gn.8xlarge r8gn.12xlarge r8gn.16xlarge r8gn.24xlarge r8gn.48xlarge r8gn.metal-24xl r8gn.metal-48xl r8i.large r8i.xlarge r8i.2xlarge r8i.4xlarge r8i.8xlarge r8i.12xlarge r8i.16xlarge r8i.24xlarge r8i.32xlarge r8i.48xlarge r8i.96xlarge r8i.metal-48xl r8i.metal-96xl r8i-flex.large r8i-flex.xlarge r8i-flex.2xlarge r8i-flex.4xlarge r8i-flex.8xlarge r8i-flex.12xlarge r8i-flex.16xlarge r8id.large r8id.xlarge r8id.2xlarge r8id.4xlarge r8id.8xlarge r8id.12xlarge r8id.16xlarge r8id.24xlarge r8id.32xlarge r8id.48xlarge r8id.96xlarge r8id.metal-48xl r8id.metal-96xl t1.micro t2.nano t2.micro t2.small t2.medium t2.large t2.xlarge t2.2xlarge t3.nano t3.micro t3.small t3.medium t3.large t3.xlarge t3.2xlarge t3a.nano t3a.micro t3a.small t3a.medium t3a.large t3a.xlarge t3a.2xlarge t4g.nano t4g.micro t4g.small t4g.medium t4g.large t4g.xlarge t4g.2xlarge trn1.2xlarge trn1.32xlarge trn1n.32xlarge trn2.3xlarge trn2.48xlarge u-12tb1.112xlarge u-12tb1.metal u-18tb1.112xlarge u-18tb1.metal u-24tb1.112xlarge u-24tb1.metal u-3tb1.56xlarge u-6tb1.56xlarge u-6tb1.112xlarge u-6tb1.metal u-9tb1.112xlarge u-9tb1.metal u7i-12tb.224xlarge u7i-6tb.112xlarge u7i-8tb.112xlarge u7ib-12tb.224xlarge u7in-16tb.224xlarge u7in-24tb.224xlarge u7in-32tb.224xlarge u7inh-32tb.480xlarge vt1.3xlarge vt1.6xlarge vt1.24xlarge x1.16xlarge x1.32xlarge x1e.xlarge x1e.2xlarge x1e.4xlarge x1e.8xlarge x1e.16xlarge x1e.32xlarge x2gd.medium x2gd.large x2gd.xlarge x2gd.2xlarge x2gd.4xlarge x2gd.8xlarge x2gd.12xlarge x2gd.16xlarge x2gd.metal x2idn.16xlarge x2idn.24xlarge x2idn.32xlarge x2idn.metal x2iedn.xlarge x2iedn.2xlarge x2iedn.4xlarge x2iedn.8xlarge x2iedn.16xlarge x2iedn.24xlarge x2iedn.32xlarge x2iedn.metal x2iezn.2xlarge x2iezn.4xlarge x2iezn.6xlarge x2iezn.8xlarge x2iezn.12xlarge x2iezn.metal x8aedz.large x8aedz.xlarge x8aedz.3xlarge x8aedz.6xlarge x8aedz.12xlarge x8aedz.24xlarge x8aedz.metal-12xl x8aedz.metal-24xl x8g.medium x8g.large x8g.xlarge x8g.2xlarge x8g.4xlarge x8g.8xlarge x8g.12xlarge x8g.16xlarge x8g.24xlarge x8g.48xlarge x8g.metal-24xl x8g.metal-48xl x8i.large x8i.xlarge x8i.2xlarge x8i.4xlarge x8i.8xlarge x8i.12xlarge x8i.16xlarge x8i.24xlarge x8i.32xlarge x8i.48xlarge x8i.64xlarge x8i.96xlarge x8i.metal-48xl x8i.metal-96xl z1d.large z1d.xlarge z1d.2xlarge z1d.3xlarge z1d.6xlarge z1d.12xlarge z1d.metal tinav5.c1r1p1 tinav5.c1r1p2 tinav5.c1r1p3 tinav5.c1r2p1 tinav5.c1r2p2 tinav5.c1r2p3 tinav5.c2r2p1 tinav5.c2r2p2 tinav5.c2r2p3 tinav5.c2r4p1 tinav5.c2r4p2 tinav5.c2r4p3 tinav5.c2r8p1 tinav5.c2r8p2 tinav5.c2r8p3 tinav5.c4r4p1 tinav5.c4r4p2 tinav5.c4r4p3 tinav5.c4r8p1 tinav5.c4r8p2 tinav5.c4r8p3 tinav5.c4r16p1 tinav5.c4r16p2 tinav5.c4r16p3 tinav5.c8r16p1 tinav5.c8r16p2 tinav5.c8r16p3 tinav5.c8r32p1 tinav5.c8r32p2 tinav5.c8r32p3 tinav5.c16r32p1 tinav5.c16r32p2 tinav5.c16r32p3 tinav5.c16r64p1 tinav5.c16r64p2 tinav5.c16r64p3 tinav6.c1r1p1 tinav6.c1r1p2 tinav6.c1r1p3 tinav6.c1r2p1 tinav6.c1r2p2 tinav6.c1r2p3 tinav6.c2r2p1 tinav6.c2r2p2 tinav6.c2r2p3 tinav6.c2r4p1 tinav6.c2r4p2 tinav6.c2r4p3 tinav6.c2r8p1 tinav6.c2r8p2 tinav6.c2r8p3 tinav6.c4r4p1 tinav6.c4r4p2 tinav6.c4r4p3 tinav6.c4r8p1 tinav6.c4r8p2 tinav6.c4r8p3 tinav6.c4r16p1 tinav6.c4r16p2 tinav6.c4r16p3 tinav6.c8r16p1 tinav6.c8r16p2 tinav6.c8r16p3 tinav6.c8r32p1 tinav6.c8r32p2 tinav6.c8r32p3 tinav6.c16r32p1 tinav6.c16r32p2 tinav6.c16r32p3 tinav6.c16r64p1 tinav6.c16r64p2 tinav6.c16r64p3 tinav7.c1r1p1 tinav7.c1r1p2 tinav7.c1r1p3 tinav7.c1r2p1 tinav7.c1r2p2 tinav7.c1r2p3 tinav7.c2r2p1 tinav7.c2r2p2 tinav7.c2r2p3 tinav7.c2r4p1 tinav7.c2r4p2 tinav7.c2r4p3 tinav7.c2r8p1 tinav7.c2r8p2 tinav7.c2r8p3 tinav7.c4r4p1 tinav7.c4r4p2 tinav7.c4r4p3 tinav7.c4r8p1 tinav7.c4r8p2 tinav7.c4r8p3 tinav7.c4r16p1 tinav7.c4r16p2 tinav7.c4r16p3 tinav7.c8r16p1 tinav7.c8r16p2 tinav7.c8r16p3 tinav7.c8r32p1 tinav7.c8r32p2 tinav7.c8r32p3 tinav7.c16r32p1 tinav7.c16r32p2 tinav7.c16r32p3 tinav7.c16r64p1 tinav7.c16r64p2 tinav7.c16r64p3' ;;
        volume_type) _oscmd_w='gp2 gp3 io1 io2 sc1 st1 standard' ;;
        protocol) _oscmd_w='tcp udp icmp icmpv6 all' ;;
        region) _oscmd_w='af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2 cn-north-1 cn-northwest-1 eusc-de-east-1 us-gov-east-1 us-gov-west-1 cloudgouv-eu-west-1' ;;
        shell) _oscmd_w='bash zsh fish' ;;
        topic) _oscmd_w='config templates user-data resources scripts shell exit-codes environment outscale completion patterns json fleet files journal' ;;
        *) _oscmd_w= ;;
    esac
}

_oscmd_find() {
    # Find option $1 at the current level: sets arity, dest, rep and src.
    local e r
    for e in "${_oscmd_o[@]}"; do
        [[ " ${e%%|*} " == *" $1 "* ]] || continue
        r=${e#*|}; arity=${r%%|*}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}; src=${r#*|}
        return 0
    done
    return 1
}

_oscmd_add() {
    # Add word $1 (with prefix $3) when it starts with $2, quoted for the command line
    # unless the word being completed opened a quote (readline then closes it).
    local q=$1
    (( _oscmd_quoted )) || printf -v q '%q' "$1"
    [[ $1 == "$2"* || $q == "$2"* ]] && COMPREPLY+=("$3$q")
    return 0
}

_oscmd_live() {
    local prog=${COMP_WORDS[0]} line
    [[ $prog == */* && -x $prog ]] || prog=oscmd
    while IFS= read -r line; do
        _oscmd_add "${line%%$'\t'*}" "$2" "$3"
    done < <(command "$prog" __complete "$1" "$2" "${#_oscmd_conn[@]}" "${_oscmd_conn[@]}" \
             "${_oscmd_dirs[@]}" 2>/dev/null)
}

_oscmd_values() {
    # Complete a value of source $1 from prefix $2; $3 is put before each value.
    local w
    case $1 in
        file|dir)
            compopt -o filenames 2>/dev/null
            while IFS= read -r w; do COMPREPLY+=("$3$w"); done \
                < <(if [[ $1 == dir ]]; then compgen -d -- "$2"; else compgen -f -- "$2"; fi) ;;
        =*) for w in ${1#=}; do _oscmd_add "$w" "$2" "$3"; done ;;
        @*) _oscmd_static "${1#@}"; for w in $_oscmd_w; do _oscmd_add "$w" "$2" "$3"; done ;;
        live:*) _oscmd_live "${1#live:}" "$2" "$3" ;;
    esac
}

_oscmd_words() {
    # Split the line before the cursor at blanks only, into words, cword and cur: bash also
    # splits at ':' and '=' (COMP_WORDBREAKS), which cuts every endpoint URL into pieces.
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: -w words -i cword -c cur
        return 0
    fi
    local line=${COMP_LINE:0:COMP_POINT} w rest
    local -i i n
    if [[ -z $COMP_LINE ]]; then
        words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
    else
        for (( i = 0; i <= COMP_CWORD; i++ )); do
            rest=${line#"${line%%[![:blank:]]*}"}
            w=${COMP_WORDS[i]}
            (( i == COMP_CWORD )) && w=$rest
            n=${#words[@]}
            if (( n > 0 )) && [[ $rest == "$line" ]]; then words[n-1]+=$w; else words+=("$w"); fi
            line=${rest#"$w"}
        done
    fi
    cword=${#words[@]}-1
    cur=${words[cword]}
}

_oscmd_trim() {
    # Readline replaces only the text after the last ':' or '=' of COMP_WORDBREAKS in the word
    # (unless the word opened a quote): drop what comes before it from every candidate.
    local head= rest
    local -i i
    (( _oscmd_quoted )) && return 0
    [[ $COMP_WORDBREAKS == *:* && $cur == *:* ]] && head=${cur%"${cur##*:}"}
    rest=${cur:${#head}}
    [[ $COMP_WORDBREAKS == *=* && $rest == *=* ]] && head+=${rest%"${rest##*=}"}
    [[ -n $head ]] || return 0
    for (( i = 0; i < ${#COMPREPLY[@]}; i++ )); do COMPREPLY[i]=${COMPREPLY[i]#"$head"}; done
}

_oscmd() {
    local IFS=$' \t\n'
    local -a words=() _oscmd_o=() _oscmd_k=() _oscmd_conn=() _oscmd_dirs=()
    local _oscmd_p= _oscmd_pr=0 _oscmd_s=0 _oscmd_rd= _oscmd_w= cur=
    local -i cword=0 _oscmd_quoted=0
    COMPREPLY=()
    _oscmd_words
    if [[ $cur == [\'\"]* ]]; then cur=${cur:1}; _oscmd_quoted=1; fi
    _oscmd_reply
    _oscmd_trim
    return 0
}

_oscmd_reply() {
    # Fill COMPREPLY with whole words for the word being completed, $cur.
    local w e f r arity dest rep src level=root given=' ' vsrc=
    local -i i npos=0 dd=0 invalue=0
    _oscmd_spec root
    for (( i = 1; i < cword; i++ )); do
        w=${words[i]}
        if (( ! dd )) && [[ $w == -?* ]]; then
            if [[ $w == -- ]]; then dd=1; continue; fi
            _oscmd_find "${w%%=*}" || continue
            given+="$dest "
            [[ $level == root && " config endpoint region profile local " == *" $dest "* ]] && _oscmd_conn+=("$w")
            if [[ $w == --*=* ]]; then
                (( arity > 1 )) && i+=arity-1
                continue
            fi
            if (( i + arity >= cword )); then
                (( cword - i == 1 )) && vsrc=$src
                invalue=1
                break
            fi
            (( arity )) || continue
            [[ $level == root && " config endpoint region profile local " == *" $dest "* ]] && _oscmd_conn+=("${words[@]:i+1:arity}")
            [[ -n $_oscmd_rd && $dest == "$_oscmd_rd" ]] && _oscmd_dirs+=("${words[i+1]}")
            i+=arity
        elif (( ${#_oscmd_k[@]} )); then
            level=end
            for e in "${_oscmd_k[@]}"; do
                if [[ ${e%%>*} == "$w" ]]; then level=${e#*>}; break; fi
            done
            _oscmd_spec "$level"
            given=' ' dd=0 npos=0
        else
            npos+=1
        fi
    done
    if (( invalue )); then
        _oscmd_values "$vsrc" "$cur" ''
        return 0
    fi
    if (( ! dd )) && [[ $cur == --*=* ]]; then
        _oscmd_find "${cur%%=*}" && (( arity )) || return 0
        _oscmd_values "$src" "${cur#*=}" "${cur%%=*}="
        return 0
    fi
    if (( ! dd )) && [[ $cur == -* || ( ${#_oscmd_k[@]} -eq 0 && -z $_oscmd_p && ${#_oscmd_o[@]} -gt 1 ) ]]; then
        for e in "${_oscmd_o[@]}"; do
            r=${e#*|}; r=${r#*|}; dest=${r%%|*}; r=${r#*|}; rep=${r%%|*}
            [[ $rep == 0 && $given == *" $dest "* ]] && continue
            for f in ${e%%|*}; do [[ $f == "$cur"* ]] && COMPREPLY+=("$f"); done
        done
        return 0
    fi
    if (( ${#_oscmd_k[@]} )); then
        for e in "${_oscmd_k[@]}"; do _oscmd_add "${e%%>*}" "$cur" ''; done
        if (( _oscmd_s )); then
            while IFS= read -r w; do [[ $w == *.os ]] && COMPREPLY+=("$w"); done < <(compgen -f -- "$cur")
        fi
        return 0
    fi
    if [[ -n $_oscmd_p ]] && (( _oscmd_pr || npos == 0 )); then
        _oscmd_values "$_oscmd_p" "$cur" ''
    fi
    return 0
}

complete -F _oscmd oscmd
