# fish completion for oscmd.
# Generated from oscmd's command registry by `oscmd completion fish`: do not edit.
# Install it for your user:
#   mkdir -p ~/.config/fish/completions
#   oscmd completion fish > ~/.config/fish/completions/oscmd.fish
# Ids and Names come from the cache the interactive shell keeps, read by
# `oscmd __complete` (files only, no network).

function __oscmd_spec
    # One level: options "flags|arity|dest|repeatable|source|help", words "word|level|help",
    # positionals.
    set -g __oscmd_o
    set -g __oscmd_k
    set -g __oscmd_p ''
    set -g __oscmd_pr 0
    set -g __oscmd_s 0
    set -g __oscmd_rd ''
    switch $argv[1]
        case 'root'
            set __oscmd_o \
                '-c --config|1|config|0|file|boto-style INI file to read instead of the usual ones (default: $OSCONFIG)' \
                '-e --endpoint|1|endpoint|0||EC2 endpoint URL or host (a bare host means https)' \
                '-r --region|1|region|0|@region|region name; several, comma-separated, or \'all\': read verbs (list, dump, summary, exist) run in each' \
                '-z --zone|1|zone|0|live:zone|default availability zone' \
                '-L --listzone|0|listzone|0||list the availability zones of the region (of each region given) and exit' \
                '--profile|1|profile|0|live:profile|AWS profile (from ~/.aws/config); several, comma-separated: read verbs run with each' \
                '--output -o|1|output|0|=text table json yaml|output format' \
                '--query|1|query|0||JMESPath expression applied to the document --output json would print (\'help json\')' \
                '-y --yes|0|yes|0||assume yes to confirmations of destructive verbs' \
                '--dry-run|0|dry_run|0||ask EC2 whether mutating requests would succeed; change nothing' \
                '-d --debug|0|debug|0||show tracebacks and the botocore wire log (secrets redacted)' \
                '--debuglevel|1|debuglevel|0||the 2017 tool\'s debug level: N > 0 is --debug (so is \'-d N\')' \
                '--timeout|1|timeout|0||seconds a wait may last before giving up' \
                '--keep-going|0|keep_going|0||scripts: go on after a failing line' \
                '--local|0|local|0||start a built-in local EC2 endpoint with sample data and use it' \
                '-S --securitycredentials|1|securitycredentials|0||on an EC2 instance: use the credentials of this IAM role and the instance\'s region' \
                '--version|0|version|0||print the version and exit' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'ami|ami|machine images (AMIs)' \
                'instance|instance|EC2 instances (virtual machines)' \
                'volume|volume|EBS volumes' \
                'snapshot|snapshot|EBS snapshots (yours)' \
                'eip|eip|elastic IP addresses (the address is the identifier)' \
                'securitygroup|securitygroup|security groups' \
                'keypair|keypair|EC2 key pairs' \
                'help|help|help on a topic (\'oscmd help\' lists them: config, templates, user-data, shell...)' \
                'completion|completion|print the shell-completion script for bash, zsh or fish' \
                'journal|journal|list the changes oscmd made, numbered, newest last (\'journal show N\': one in full)' \
                'undo|undo|reverse a recorded change (default: the latest of this connection); shows and asks first'
            set __oscmd_s 1
        case 'ami'
            set __oscmd_o \
                '-i --id|1|id|0|live:image:id|image id (ami-...)' \
                '-n --name|1|name|0|live:image:name|AMI name (the image\'s name attribute), exactly; only images of trusted owners: your own and [ami] owner\'s, or -o\'s' \
                '-s --self|0|self|0||the image of the instance this command runs on (instance metadata, IMDSv2)' \
                '-o --owner|1|owner|0||trust these owners\' images for -n instead of your own and [ami] owner\'s: account id, \'self\' or \'amazon\', comma-separated' \
                '--filter|1|filter|1|live:filter:image|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'run|ami/run|launch an instance from the image, with volumes, tags, user data and post-install' \
                'dump|ami/dump|show every detail of the image (all of them when none is identified)' \
                'list|ami/list|list images, one line each (see -p and -s)' \
                'exist|ami/exist|exit 0 when the image exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'share|ami/share|grant launch permission to accounts' \
                'unshare|ami/unshare|revoke launch permission from accounts' \
                'make|ami/make|create an image from an instance (-i) or a volume (-v)' \
                'delete|ami/delete|deregister the image (-d: and delete its snapshots)'
        case 'ami/run'
            set __oscmd_o \
                '-n --name|1|name|0||instance name (Name tag); volumes are named NAME/sdX' \
                '-s --volume_size --volume-size|1|volume_size|1||extra volume SIZE[K|M|G|T][,type=gp3][,iops=N][,throughput=N][,encrypted][,delete_on_termination=BOOL]; binary units, GiB by default, at least 1 GiB; iops implies io1 and EBS optimisation; volumes outlive the instance unless delete_on_termination' \
                '-i --snap_id --snap-id|1|snap_id|1|live:snapshot:id|extra volume from this snapshot (id or Name)' \
                '-U --url|1|url_commands|1||https URL the instance fetches and processes' \
                '--allow-http-include|0|allow_http_include|0||accept plain http -U URLs (anyone on the path could change what runs as root)' \
                '-t --instance-type --instance_type|1|instance_type|0|@instance_type|instance type (t3.micro unless configured)' \
                '-p --placement|1|placement|0|live:zone|availability zone (default: root -z)' \
                '-S --security_groups --security-group|1|security_groups|1|live:group:name|security group name or id' \
                '-u --user|1|user|0||ssh user for the post-install and the hint (else guessed from the image name)' \
                '-k --key_name --key-name|1|key_name|0|live:keypair:name|EC2 key pair' \
                '-f --key_file --key-file|1|key_file|0|file|private key for the post-install (else ~/.ssh/KEYPAIR.pem)' \
                '-F --Fact --fact|2|local_facts|1||static Facter fact KEY VALUE' \
                '-H --hostname|1|hostname|0||hostname set at boot (also the Name when -n is absent)' \
                '-T --template|1|template|0|file|YAML template: option dest names (instance_type, security_groups...), ami_id or ami_name (and ami_owner), local_facts, tag:KEY, run_instances; the command line wins' \
                '-V --variable|1|variables|1||property NAME=VALUE for the instance\'s scripts' \
                '-r --ressource --resource|1|ressource|1|live:resource|embed this resource in the user data' \
                '-R --ressources_dir --resources-dir|1|ressources_dir|1|dir|extra resource directory, searched before the built-in one' \
                '-e --elastic_ip --elastic-ip|0|elastic_ip|0||allocate an elastic IP, associate it and record it in the EIP tag' \
                '-I --private_ip --private-ip|1|private_ip_address|0||fixed private IP (VPC)' \
                '-P --profile|1|instance_profile_arn|0||IAM instance profile ARN or name' \
                '-N --notrun|0|notrun|0||skip the post-install over ssh' \
                '--subnet-id --subnet_id|1|subnet_id|0||VPC subnet' \
                '-w --wait|0|wait|0||wait until running (default on a terminal, and with -e); the post-install needs it' \
                '--no-wait|0|no_wait|0||do not wait for running' \
                '--show-user-data|0|show_user_data|0||print the user data that would be sent; launch nothing' \
                '--host|1|host|0||post-install: connect to this host instead' \
                '--port|1|port|0||post-install: ssh port' \
                '-J --jump|1|jump|0||post-install: jump host [user@]host[:port]' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|post-install: unknown host keys' \
                '--upload-user-data|0|upload_user_data|0||post-install: upload the bundle instead of reading the metadata service' \
                '--root|1|root|0||post-install: run the decoder inside this directory of the instance' \
                '-h --help|0|help|0||show help'
            set __oscmd_rd ressources_dir
        case 'ami/dump'
            set __oscmd_o \
                '-o --owner|1|owner|0||owner account id, \'self\' or \'amazon\' (default: [ami] owner, else your own images)' \
                '-O --noowner|0|noowner|0||no owner filter (every image you can see: slow on AWS)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:image:id'
            set __oscmd_pr 1
        case 'ami/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:image|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-o --owner|1|owner|0||owner account id, \'self\' or \'amazon\' (default: [ami] owner, else your own images)' \
                '-O --noowner|0|noowner|0||no owner filter (every image you can see: slow on AWS)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:image:id'
            set __oscmd_pr 1
        case 'ami/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'ami/share'
            set __oscmd_o \
                '-u --users|1|users|1||account id; given on the command line it replaces [ami] share_users instead of adding to it' \
                '-h --help|0|help|0||show help'
        case 'ami/unshare'
            set __oscmd_o \
                '-u --users|1|users|1||account id; given on the command line it replaces [ami] share_users instead of adding to it' \
                '-h --help|0|help|0||show help'
        case 'ami/make'
            set __oscmd_o \
                '-i --instance|1|instance|0|live:instance:id|instance id or Name' \
                '-v --volume|1|volume|0|live:volume:id|volume id or Name (snapshot, then register)' \
                '-n --name|1|name|0||image name' \
                '-d --description|1|description|0||image description' \
                '--no-reboot|0|no_reboot|0||do not reboot the instance before imaging' \
                '-a --architecture|1|architecture|0|=x86_64 arm64 i386|architecture of a volume image' \
                '-w --wait|0|wait|0||wait until the image is available' \
                '-s --share|0|share|0||share the new image with -A accounts' \
                '-A --shared_account --shared-account|1|shared_account|1||account to share with; given on the command line it replaces [ami] share_users' \
                '-h --help|0|help|0||show help'
        case 'ami/delete'
            set __oscmd_o \
                '-d --delete_snapshot --delete-snapshot|0|delete_snapshot|0||also delete the image\'s snapshots' \
                '-h --help|0|help|0||show help'
        case 'instance'
            set __oscmd_o \
                '-i --id|1|id|0|live:instance:id|instance id (i-...)' \
                '-n --name|1|name|0|live:instance:name|value of the Name tag' \
                '-s --self|0|self|0||the instance this command runs on (instance metadata, IMDSv2)' \
                '--filter|1|filter|1|live:filter:instance|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|instance/dump|show every detail of the instance (all of them when none is identified)' \
                'list|instance/list|list instances, one line each (see -p and -s)' \
                'exist|instance/exist|exit 0 when the instance exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'start|instance/start|start the instance; re-associates the address recorded in its EIP tag' \
                'stop|instance/stop|stop the instance (-f: force, which is destructive)' \
                'reboot|instance/reboot|reboot the instance' \
                'terminate|instance/terminate|terminate the instance (-p: also its EIP and left-over volumes)' \
                'ssh|instance/ssh|open an ssh session, or run a command given after --' \
                'ping|instance/ping|ping the instance (ICMP, else a TCP probe of port 22)' \
                'console|instance/console|print the console output (-f: follow it)' \
                'associate|instance/associate|associate an elastic IP (-i, else the EIP tag) and record it in the EIP tag' \
                'attach|instance/attach|attach a volume (-i/-n identify the volume)' \
                'addvolume|instance/addvolume|create a volume, attach it, and optionally grow an LVM volume with it' \
                'summary|instance/summary|counts per state and type, vCPUs and memory of running instances' \
                'offering|instance/offering|instance types offered in the region or zone, with vCPUs and memory' \
                'getwinpass|instance/getwinpass|decrypt the Windows administrator password with the key file' \
                'getrole|instance/getrole|show the instance\'s IAM instance profile and role'
        case 'instance/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:instance:id'
            set __oscmd_pr 1
        case 'instance/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:instance|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:instance:id'
            set __oscmd_pr 1
        case 'instance/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/start'
            set __oscmd_o \
                '-w --wait|0|wait|0||wait until the instance is running' \
                '-h --help|0|help|0||show help'
        case 'instance/stop'
            set __oscmd_o \
                '-f --forced --force|0|forced|0||force the stop (like pulling the plug)' \
                '-h --help|0|help|0||show help'
        case 'instance/reboot'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/terminate'
            set __oscmd_o \
                '-p --purge|0|purge|0||also release the address of its EIP tag and delete its own volumes left behind' \
                '-h --help|0|help|0||show help'
        case 'instance/ssh'
            set __oscmd_o \
                '-u --user|1|user|0||ssh login user (default: ~/.ssh/config\'s User, [Credentials] user, else guessed from the image)' \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: ~/.ssh/config\'s IdentityFile, [Credentials] key_file, ~/.ssh/KEYPAIR.pem, else the ssh-agent)' \
                '--private|0|private|0||connect to the private address' \
                '--host|1|host|0||connect to this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||ssh port (else ~/.ssh/config\'s Port)' \
                '-J --jump|1|jump|0||jump host [user@]host[:port] (else ~/.ssh/config\'s ProxyJump)' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|what to do with unknown host keys (else ~/.ssh/config\'s StrictHostKeyChecking)' \
                '--connect-timeout|1|connect_timeout|0||seconds to wait for sshd to answer (default: 300 within 10 minutes of a launch or start, else no wait)' \
                '--openssh|0|openssh|0||hand the session to the system\'s ssh client (agent forwarding, ControlMaster, certificates from ~/.ssh/config); oscmd still chooses the address, user, key and host key' \
                '-h --help|0|help|0||show help'
        case 'instance/ping'
            set __oscmd_o \
                '-c --count|1|count|0||number of probes' \
                '--private|0|private|0||probe the private address' \
                '--host|1|host|0||probe this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||port of the TCP probe' \
                '-h --help|0|help|0||show help'
        case 'instance/console'
            set __oscmd_o \
                '-f --follow|0|follow|0||keep printing new output until Ctrl-C' \
                '--interval|1|interval|0||seconds between polls with -f' \
                '--raw|0|raw|0||print control characters as received (escaped by default)' \
                '-h --help|0|help|0||show help'
        case 'instance/associate'
            set __oscmd_o \
                '-i --ip|1|ip|0|live:address:id|elastic IP to associate' \
                '-h --help|0|help|0||show help'
        case 'instance/attach'
            set __oscmd_o \
                '-i --id|1|volume_id|0|live:volume:id|volume id' \
                '-n --name|1|volume_name|0|live:volume:name|volume Name tag' \
                '-d --device|1|device|0||device name (default: next free from /dev/sdf)' \
                '-h --help|0|help|0||show help'
        case 'instance/addvolume'
            set __oscmd_o \
                '-n --name|1|name|0||volume name (tagged INSTANCE/NAME)' \
                '-s --size|1|size|0||size in GiB' \
                '-t --type|1|volume_type|0|@volume_type|volume type' \
                '-m --mount|1|mount|0||mount point of the LVM volume to extend' \
                '-d --deviceid|1|deviceid|0||blkid token (LABEL=... or UUID=...) of the LVM volume to extend' \
                '-u --user|1|user|0||ssh login user (default: ~/.ssh/config\'s User, [Credentials] user, else guessed from the image)' \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: ~/.ssh/config\'s IdentityFile, [Credentials] key_file, ~/.ssh/KEYPAIR.pem, else the ssh-agent)' \
                '--private|0|private|0||connect to the private address' \
                '--host|1|host|0||connect to this host instead (a forwarded port, a VPN name)' \
                '--port|1|port|0||ssh port (else ~/.ssh/config\'s Port)' \
                '-J --jump|1|jump|0||jump host [user@]host[:port] (else ~/.ssh/config\'s ProxyJump)' \
                '--host-key-policy|1|host_key_policy|0|=strict accept-new off|what to do with unknown host keys (else ~/.ssh/config\'s StrictHostKeyChecking)' \
                '--connect-timeout|1|connect_timeout|0||seconds to wait for sshd to answer (default: 300 within 10 minutes of a launch or start, else no wait)' \
                '-h --help|0|help|0||show help'
        case 'instance/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'instance/offering'
            set __oscmd_o \
                '-z --zone|1|zone|0|live:zone|only types offered in this zone' \
                '-f --family|1|family|0||only this family (e.g. t3, m7i)' \
                '-h --help|0|help|0||show help'
        case 'instance/getwinpass'
            set __oscmd_o \
                '-f --key_file --key-file|1|key_file|0|file|private key file (default: ~/.ssh/config\'s IdentityFile, [Credentials] key_file, ~/.ssh/KEYPAIR.pem, else the ssh-agent)' \
                '-h --help|0|help|0||show help'
        case 'instance/getrole'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume'
            set __oscmd_o \
                '-i --id|1|id|0|live:volume:id|volume id (vol-...)' \
                '-n --name|1|name|0|live:volume:name|value of the Name tag' \
                '--filter|1|filter|1|live:filter:volume|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|volume/dump|show every detail of the volume (all of them when none is identified)' \
                'list|volume/list|list volumes, one line each (see -p and -s)' \
                'exist|volume/exist|exit 0 when the volume exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|volume/summary|number of volumes and their total size in GiB' \
                'create|volume/create|create a volume' \
                'attach|volume/attach|attach the volume to an instance (-i/-n identify the instance)' \
                'detach|volume/detach|detach the volume from its instance' \
                'delete|volume/delete|delete the volume'
        case 'volume/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:volume:id'
            set __oscmd_pr 1
        case 'volume/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:volume|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:volume:id'
            set __oscmd_pr 1
        case 'volume/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'volume/create'
            set __oscmd_o \
                '-s --size|1|size|0||size in GiB (not needed with --snapshot)' \
                '-z --zone|1|zone|0|live:zone|availability zone (default: root -z, else the region\'s first)' \
                '-n --name|1|name|0||Name tag' \
                '-t --type|1|volume_type|0|@volume_type|volume type (default: the cloud\'s own)' \
                '--iops|1|iops|0||provisioned IOPS (io1/io2/gp3)' \
                '--throughput|1|throughput|0||throughput in MiB/s (gp3)' \
                '--encrypted|0|encrypted|0||encrypt the volume' \
                '--snapshot|1|snapshot|0|live:snapshot:id|create from this snapshot' \
                '-w --wait|0|wait|0||wait until available' \
                '-h --help|0|help|0||show help'
        case 'volume/attach'
            set __oscmd_o \
                '-i --id|1|instance_id|0|live:instance:id|instance id' \
                '-n --name|1|instance_name|0|live:instance:name|instance Name tag' \
                '-d --device|1|device|0||device name (default: next free from /dev/sdf)' \
                '-w --wait|0|wait|0||wait until attached' \
                '-h --help|0|help|0||show help'
        case 'volume/detach'
            set __oscmd_o \
                '-f --forced --force|0|forced|0||force the detach' \
                '-w --wait|0|wait|0||wait until available' \
                '-h --help|0|help|0||show help'
        case 'volume/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot'
            set __oscmd_o \
                '-i --id|1|id|0|live:snapshot:id|snapshot id (snap-...)' \
                '-n --name|1|name|0|live:snapshot:name|value of the Name tag' \
                '--filter|1|filter|1|live:filter:snapshot|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|snapshot/dump|show every detail of the snapshot (all of them when none is identified)' \
                'list|snapshot/list|list snapshots, one line each (see -p and -s)' \
                'exist|snapshot/exist|exit 0 when the snapshot exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|snapshot/summary|number of snapshots and their total size in GiB' \
                'create|snapshot/create|snapshot a volume' \
                'delete|snapshot/delete|delete the snapshot'
        case 'snapshot/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:snapshot:id'
            set __oscmd_pr 1
        case 'snapshot/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:snapshot|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:snapshot:id'
            set __oscmd_pr 1
        case 'snapshot/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'snapshot/create'
            set __oscmd_o \
                '-v --volume|1|volume|0|live:volume:id|volume id or Name tag' \
                '-n --name|1|name|0||Name tag of the snapshot' \
                '-d --description|1|description|0||description' \
                '-w --wait|0|wait|0||wait until completed' \
                '-h --help|0|help|0||show help'
        case 'snapshot/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip'
            set __oscmd_o \
                '-i --id|1|id|0|live:address:id|the public IP (or its allocation id eipalloc-...)' \
                '--filter|1|filter|1|live:filter:address|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|eip/dump|show every detail of the address (all of them when none is identified)' \
                'list|eip/list|list addresses, one line each (see -p and -s)' \
                'exist|eip/exist|exit 0 when the address exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|eip/summary|number of addresses reserved, and how many are unused' \
                'allocate|eip/allocate|allocate a new address (VPC domain) and print it' \
                'associate|eip/associate|associate the address with an instance (-i/-n identify the instance)' \
                'disassociate|eip/disassociate|disassociate the address from its instance' \
                'release|eip/release|release the address (disassociate it first)'
        case 'eip/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:address:id'
            set __oscmd_pr 1
        case 'eip/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:address|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:address:id'
            set __oscmd_pr 1
        case 'eip/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/summary'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/allocate'
            set __oscmd_o \
                '-n --name|1|name|0||Name tag for the address' \
                '-h --help|0|help|0||show help'
        case 'eip/associate'
            set __oscmd_o \
                '-i --id|1|instance_id|0|live:instance:id|instance id' \
                '-n --name|1|instance_name|0|live:instance:name|instance Name tag' \
                '-h --help|0|help|0||show help'
        case 'eip/disassociate'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'eip/release'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup'
            set __oscmd_o \
                '-i --id|1|id|0|live:group:id|group id (sg-...)' \
                '-n --name|1|name|0|live:group:name|group name' \
                '--filter|1|filter|1|live:filter:group|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|securitygroup/dump|show every detail of the security group (all of them when none is identified)' \
                'list|securitygroup/list|list security groups, one line each (see -p and -s)' \
                'exist|securitygroup/exist|exit 0 when the security group exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'create|securitygroup/create|create a security group' \
                'delete|securitygroup/delete|delete the security group' \
                'add_rule|securitygroup/add_rule|allow inbound traffic (one rule per protocol)' \
                'remove_rule|securitygroup/remove_rule|revoke inbound rules (same options as add_rule)'
        case 'securitygroup/dump'
            set __oscmd_o \
                '-u --used|0|used|0||only groups used by at least one instance' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:group:id'
            set __oscmd_pr 1
        case 'securitygroup/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:group|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:group:id'
            set __oscmd_pr 1
        case 'securitygroup/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup/create'
            set __oscmd_o \
                '-n --name|1|name|0||group name' \
                '-d --description|1|description|0||description (default: the name)' \
                '--vpc-id|1|vpc_id|0||VPC (default: the default VPC)' \
                '-h --help|0|help|0||show help'
        case 'securitygroup/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'securitygroup/add_rule'
            set __oscmd_o \
                '-p --protocol|1|protocol|1|@protocol|tcp, udp, icmp, icmpv6, all, or a protocol number' \
                '-P --port_range --port-range|1|port_range|0||FROM:TO, a single port, or ALL (icmp: TYPE:CODE, TYPE for every code, or ALL)' \
                '-f --from|1|from_port|0||first port (or ICMP type)' \
                '-t --to|1|to_port|0||last port (or ICMP code)' \
                '-m --mask|1|mask|1||source CIDR, IPv4 or IPv6' \
                '-s --source_group --source-group|1|source_group|0|live:group:id|source security group: id, name, or OWNERID:NAME' \
                '-d --description|1|description|0||rule description' \
                '-h --help|0|help|0||show help'
        case 'securitygroup/remove_rule'
            set __oscmd_o \
                '-p --protocol|1|protocol|1|@protocol|tcp, udp, icmp, icmpv6, all, or a protocol number' \
                '-P --port_range --port-range|1|port_range|0||FROM:TO, a single port, or ALL (icmp: TYPE:CODE, TYPE for every code, or ALL)' \
                '-f --from|1|from_port|0||first port (or ICMP type)' \
                '-t --to|1|to_port|0||last port (or ICMP code)' \
                '-m --mask|1|mask|1||source CIDR, IPv4 or IPv6' \
                '-s --source_group --source-group|1|source_group|0|live:group:id|source security group: id, name, or OWNERID:NAME' \
                '-h --help|0|help|0||show help'
        case 'keypair'
            set __oscmd_o \
                '-i --id|1|id|0|live:keypair:name|key name (or key pair id key-...)' \
                '-n --name|1|name|0|live:keypair:name|key name' \
                '--filter|1|filter|1|live:filter:keypair|EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several --filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'dump|keypair/dump|show every detail of the key pair (all of them when none is identified)' \
                'list|keypair/list|list key pairs, one line each (see -p and -s)' \
                'exist|keypair/exist|exit 0 when the key pair exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'create|keypair/create|create a key pair and save its private key as DIR/NAME.pem (0600)' \
                'import|keypair/import|import a public key file as a key pair' \
                'delete|keypair/delete|delete the key pair'
        case 'keypair/dump'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:keypair:id'
            set __oscmd_pr 1
        case 'keypair/list'
            set __oscmd_o \
                '-p --pattern|1|pattern|0||python %-format applied to each object\'s attributes, e.g. \'%(id)s %(state)s\'; \\t and \\n work' \
                '-s --showattributes|0|showattributes|0||print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)' \
                '--sort|1|sort|0|live:attribute:keypair|sort by this attribute (any name \'list -s\' shows); the listing is then printed when complete' \
                '--reverse|0|reverse|0||print in reverse order (with --sort: descending)' \
                '-h --help|0|help|0||show help'
            set __oscmd_p 'live:keypair:id'
            set __oscmd_pr 1
        case 'keypair/exist'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'keypair/create'
            set __oscmd_o \
                '-n --name|1|name|0||key name' \
                '-o --output-directory --output_directory|1|output_directory|0|dir|where to write NAME.pem' \
                '-t --type|1|key_type|0|=rsa ed25519|key type' \
                '-h --help|0|help|0||show help'
        case 'keypair/import'
            set __oscmd_o \
                '-n --name|1|name|0||key name' \
                '-f --file|1|file|0|file|public key file (OpenSSH format)' \
                '-h --help|0|help|0||show help'
        case 'keypair/delete'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
        case 'help'
            set __oscmd_k \
                'config|end|configuration files, environment variables and their precedence' \
                'templates|end|YAML templates for \'ami run -T\'' \
                'user-data|end|what \'ami run\' sends to a new instance and how oscmd-init handles it' \
                'resources|end|files embedded with \'ami run -r\', built-in ones included' \
                'scripts|end|running files of oscmd lines' \
                'shell|end|the interactive shell: keys, built-ins, $_, cache' \
                'exit-codes|end|what oscmd\'s exit status means' \
                'environment|end|the environment variables oscmd reads' \
                'outscale|end|using oscmd with Outscale\'s EC2 API' \
                'completion|end|installing bash, zsh and fish completion' \
                'patterns|end|\'list -p\' patterns and object attributes' \
                'json|end|the JSON and YAML documents, their attributes, streaming and --query' \
                'fleet|end|--filter, several regions and profiles at once, --sort' \
                'files|end|the files oscmd writes, their modes, and how they are protected' \
                'journal|end|the journal of changes, and taking a change back with \'undo\'' \
                'ami|help/ami|machine images (AMIs)' \
                'instance|help/instance|EC2 instances (virtual machines)' \
                'volume|help/volume|EBS volumes' \
                'snapshot|help/snapshot|EBS snapshots (yours)' \
                'eip|help/eip|elastic IP addresses (the address is the identifier)' \
                'securitygroup|help/securitygroup|security groups' \
                'keypair|help/keypair|EC2 key pairs'
        case 'help/ami'
            set __oscmd_k \
                'run|end|launch an instance from the image, with volumes, tags, user data and post-install' \
                'dump|end|show every detail of the image (all of them when none is identified)' \
                'list|end|list images, one line each (see -p and -s)' \
                'exist|end|exit 0 when the image exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'share|end|grant launch permission to accounts' \
                'unshare|end|revoke launch permission from accounts' \
                'make|end|create an image from an instance (-i) or a volume (-v)' \
                'delete|end|deregister the image (-d: and delete its snapshots)'
        case 'help/instance'
            set __oscmd_k \
                'dump|end|show every detail of the instance (all of them when none is identified)' \
                'list|end|list instances, one line each (see -p and -s)' \
                'exist|end|exit 0 when the instance exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'start|end|start the instance; re-associates the address recorded in its EIP tag' \
                'stop|end|stop the instance (-f: force, which is destructive)' \
                'reboot|end|reboot the instance' \
                'terminate|end|terminate the instance (-p: also its EIP and left-over volumes)' \
                'ssh|end|open an ssh session, or run a command given after --' \
                'ping|end|ping the instance (ICMP, else a TCP probe of port 22)' \
                'console|end|print the console output (-f: follow it)' \
                'associate|end|associate an elastic IP (-i, else the EIP tag) and record it in the EIP tag' \
                'attach|end|attach a volume (-i/-n identify the volume)' \
                'addvolume|end|create a volume, attach it, and optionally grow an LVM volume with it' \
                'summary|end|counts per state and type, vCPUs and memory of running instances' \
                'offering|end|instance types offered in the region or zone, with vCPUs and memory' \
                'getwinpass|end|decrypt the Windows administrator password with the key file' \
                'getrole|end|show the instance\'s IAM instance profile and role'
        case 'help/volume'
            set __oscmd_k \
                'dump|end|show every detail of the volume (all of them when none is identified)' \
                'list|end|list volumes, one line each (see -p and -s)' \
                'exist|end|exit 0 when the volume exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|end|number of volumes and their total size in GiB' \
                'create|end|create a volume' \
                'attach|end|attach the volume to an instance (-i/-n identify the instance)' \
                'detach|end|detach the volume from its instance' \
                'delete|end|delete the volume'
        case 'help/snapshot'
            set __oscmd_k \
                'dump|end|show every detail of the snapshot (all of them when none is identified)' \
                'list|end|list snapshots, one line each (see -p and -s)' \
                'exist|end|exit 0 when the snapshot exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|end|number of snapshots and their total size in GiB' \
                'create|end|snapshot a volume' \
                'delete|end|delete the snapshot'
        case 'help/eip'
            set __oscmd_k \
                'dump|end|show every detail of the address (all of them when none is identified)' \
                'list|end|list addresses, one line each (see -p and -s)' \
                'exist|end|exit 0 when the address exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'summary|end|number of addresses reserved, and how many are unused' \
                'allocate|end|allocate a new address (VPC domain) and print it' \
                'associate|end|associate the address with an instance (-i/-n identify the instance)' \
                'disassociate|end|disassociate the address from its instance' \
                'release|end|release the address (disassociate it first)'
        case 'help/securitygroup'
            set __oscmd_k \
                'dump|end|show every detail of the security group (all of them when none is identified)' \
                'list|end|list security groups, one line each (see -p and -s)' \
                'exist|end|exit 0 when the security group exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'create|end|create a security group' \
                'delete|end|delete the security group' \
                'add_rule|end|allow inbound traffic (one rule per protocol)' \
                'remove_rule|end|revoke inbound rules (same options as add_rule)'
        case 'help/keypair'
            set __oscmd_k \
                'dump|end|show every detail of the key pair (all of them when none is identified)' \
                'list|end|list key pairs, one line each (see -p and -s)' \
                'exist|end|exit 0 when the key pair exists, 1 when it does not (silent in scripts; the shell says which); with --filter alone: when one matches' \
                'create|end|create a key pair and save its private key as DIR/NAME.pem (0600)' \
                'import|end|import a public key file as a key pair' \
                'delete|end|delete the key pair'
        case 'completion'
            set __oscmd_o \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'bash|end|print the bash completion script' \
                'zsh|end|print the zsh completion script' \
                'fish|end|print the fish completion script'
        case 'journal'
            set __oscmd_o \
                '-n --count|1|count|0||how many changes to list (default 20)' \
                '--region|1|region|0|@region|only changes made in this region' \
                '--object|1|object|0|=ami instance volume snapshot eip securitygroup keypair undo|only changes of this object (or \'undo\')' \
                '--since|1|since|0||only changes since a date (2026-11-25, 2026-11-25T14:00) or for a while (30m, 12h, 7d)' \
                '--all|0|all|0||list every change (no -n limit)' \
                '-h --help|0|help|0||show help'
            set __oscmd_k \
                'show|end|journal show'
        case 'undo'
            set __oscmd_o \
                '-y --yes|0|yes|0||do not ask (needed without a terminal)' \
                '--dry-run|0|dry_run|0||show what undo would do and check it; change nothing' \
                '-h --help|0|help|0||show help'
    end
end

function __oscmd_static
    switch $argv[1]
        case instance_type
            string split ' ' -- 'a1.medium a1.large a1.xlarge a1.2xlarge a1.4xlarge a1.metal c1.medium c1.xlarge c3.large c3.xlarge c3.2xlarge c3.4xlarge c3.8xlarge c4.large c4.xlarge c4.2xlarge c4.4xlarge c4.8xlarge c5.large c5.xlarge c5.2xlarge c5.4xlarge c5.9xlarge c5.12xlarge c5.18xlarge c5.24xlarge c5.metal c5a.large c5a.xlarge c5a.2xlarge c5a.4xlarge c5a.8xlarge c5a.12xlarge c5a.16xlarge c5a.24xlarge c5ad.large c5ad.xlarge c5ad.2xlarge c5ad.4xlarge c5ad.8xlarge c5ad.12xlarge c5ad.16xlarge c5ad.24xlarge c5d.large c5d.xlarge c5d.2xlarge c5d.4xlarge c5d.9xlarge c5d.12xlarge c5d.18xlarge c5d.24xlarge c5d.metal c5n.large c5n.xlarge c5n.2xlarge c5n.4xlarge c5n.9xlarge c5n.18xlarge c5n.metal c6a.large c6a.xlarge c6a.2xlarge c6a.4xlarge c6a.8xlarge c6a.12xlarge c6a.16xlarge c6a.24xlarge c6a.32xlarge c6a.48xlarge c6a.metal c6g.medium c6g.large c6g.xlarge c6g.2xlarge c6g.4xlarge c6g.8xlarge c6g.12xlarge c6g.16xlarge c6g.metal c6gd.medium c6gd.large c6gd.xlarge c6gd.2xlarge c6gd.4xlarge c6gd.8xlarge c6gd.12xlarge c6gd.16xlarge c6gd.metal c6gn.medium c6gn.large c6gn.xlarge c6gn.2xlarge c6gn.4xlarge c6gn.8xlarge c6gn.12xlarge c6gn.16xlarge c6i.large c6i.xlarge c6i.2xlarge c6i.4xlarge c6i.8xlarge c6i.12xlarge c6i.16xlarge c6i.24xlarge c6i.32xlarge c6i.metal c6id.large c6id.xlarge c6id.2xlarge c6id.4xlarge c6id.8xlarge c6id.12xlarge c6id.16xlarge c6id.24xlarge c6id.32xlarge c6id.metal c6in.large c6in.xlarge c6in.2xlarge c6in.4xlarge c6in.8xlarge c6in.12xlarge c6in.16xlarge c6in.24xlarge c6in.32xlarge c6in.metal c7a.medium c7a.large c7a.xlarge c7a.2xlarge c7a.4xlarge c7a.8xlarge c7a.12xlarge c7a.16xlarge c7a.24xlarge c7a.32xlarge c7a.48xlarge c7a.metal-48xl c7g.medium c7g.large c7g.xlarge c7g.2xlarge c7g.4xlarge c7g.8xlarge c7g.12xlarge c7g.16xlarge c7g.metal c7gd.medium c7gd.large c7gd.xlarge c7gd.2xlarge c7gd.4xlarge c7gd.8xlarge c7gd.12xlarge c7gd.16xlarge c7gd.metal c7gn.medium c7gn.large c7gn.xlarge c7gn.2xlarge c7gn.4xlarge c7gn.8xlarge c7gn.12xlarge c7gn.16xlarge c7gn.metal c7i.large c7i.xlarge c7i.2xlarge c7i.4xlarge c7i.8xlarge c7i.12xlarge c7i.16xlarge c7i.24xlarge c7i.48xlarge c7i.metal-24xl c7i.metal-48xl c7i-flex.large c7i-flex.xlarge c7i-flex.2xlarge c7i-flex.4xlarge c7i-flex.8xlarge c7i-flex.12xlarge c7i-flex.16xlarge c8a.medium c8a.large c8a.xlarge c8a.2xlarge c8a.4xlarge c8a.8xlarge c8a.12xlarge c8a.16xlarge c8a.24xlarge c8a.48xlarge c8a.metal-24xl c8a.metal-48xl c8g.medium c8g.large c8g.xlarge c8g.2xlarge c8g.4xlarge c8g.8xlarge c8g.12xlarge c8g.16xlarge c8g.24xlarge c8g.48xlarge c8g.metal-24xl c8g.metal-48xl c8gb.medium c8gb.large c8gb.xlarge c8gb.2xlarge c8gb.4xlarge c8gb.8xlarge c8gb.12xlarge c8gb.16xlarge c8gb.24xlarge c8gb.48xlarge c8gb.metal-24xl c8gb.metal-48xl c8gd.medium c8gd.large c8gd.xlarge c8gd.2xlarge c8gd.4xlarge c8gd.8xlarge c8gd.12xlarge c8gd.16xlarge c8gd.24xlarge c8gd.48xlarge c8gd.metal-24xl c8gd.metal-48xl c8gn.medium c8gn.large c8gn.xlarge c8gn.2xlarge c8gn.4xlarge c8gn.8xlarge c8gn.12xlarge c8gn.16xlarge c8gn.24xlarge c8gn.48xlarge c8gn.metal-24xl c8gn.metal-48xl c8i.large c8i.xlarge c8i.2xlarge c8i.4xlarge c8i.8xlarge c8i.12xlarge c8i.16xlarge c8i.24xlarge c8i.32xlarge c8i.48xlarge c8i.96xlarge c8i.metal-48xl c8i.metal-96xl c8i-flex.large c8i-flex.xlarge c8i-flex.2xlarge c8i-flex.4xlarge c8i-flex.8xlarge c8i-flex.12xlarge c8i-flex.16xlarge c8id.large c8id.xlarge c8id.2xlarge c8id.4xlarge c8id.8xlarge c8id.12xlarge c8id.16xlarge c8id.24xlarge c8id.32xlarge c8id.48xlarge c8id.96xlarge c8id.metal-48xl c8id.metal-96xl cc1.4xlarge cc2.8xlarge cg1.4xlarge cr1.8xlarge d2.xlarge d2.2xlarge d2.4xlarge d2.8xlarge d3.xlarge d3.2xlarge d3.4xlarge d3.8xlarge d3en.xlarge d3en.2xlarge d3en.4xlarge d3en.6xlarge d3en.8xlarge d3en.12xlarge dl1.24xlarge dl2q.24xlarge f1.2xlarge f1.4xlarge f1.16xlarge f2.6xlarge f2.12xlarge f2.48xlarge g2.2xlarge g2.8xlarge g3.4xlarge g3.8xlarge g3.16xlarge g3s.xlarge g4ad.xlarge g4ad.2xlarge g4ad.4xlarge g4ad.8xlarge g4ad.16xlarge g4dn.xlarge g4dn.2xlarge g4dn.4xlarge g4dn.8xlarge g4dn.12xlarge g4dn.16xlarge g4dn.metal g5.xlarge g5.2xlarge g5.4xlarge g5.8xlarge g5.12xlarge g5.16xlarge g5.24xlarge g5.48xlarge g5g.xlarge g5g.2xlarge g5g.4xlarge g5g.8xlarge g5g.16xlarge g5g.metal g6.xlarge g6.2xlarge g6.4xlarge g6.8xlarge g6.12xlarge g6.16xlarge g6.24xlarge g6.48xlarge g6e.xlarge g6e.2xlarge g6e.4xlarge g6e.8xlarge g6e.12xlarge g6e.16xlarge g6e.24xlarge g6e.48xlarge g6f.large g6f.xlarge g6f.2xlarge g6f.4xlarge g7e.2xlarge g7e.4xlarge g7e.8xlarge g7e.12xlarge g7e.24xlarge g7e.48xlarge gr6.4xlarge gr6.8xlarge gr6f.4xlarge h1.2xlarge h1.4xlarge h1.8xlarge h1.16xlarge hi1.4xlarge hpc6a.48xlarge hpc6id.32xlarge hpc7a.12xlarge hpc7a.24xlarge hpc7a.48xlarge hpc7a.96xlarge hpc7g.4xlarge hpc7g.8xlarge hpc7g.16xlarge hpc8a.96xlarge hs1.8xlarge i2.xlarge i2.2xlarge i2.4xlarge i2.8xlarge i3.large i3.xlarge i3.2xlarge i3.4xlarge i3.8xlarge i3.16xlarge i3.metal i3en.large i3en.xlarge i3en.2xlarge i3en.3xlarge i3en.6xlarge i3en.12xlarge i3en.24xlarge i3en.metal i4g.large i4g.xlarge i4g.2xlarge i4g.4xlarge i4g.8xlarge i4g.16xlarge i4i.large i4i.xlarge i4i.2xlarge i4i.4xlarge i4i.8xlarge i4i.12xlarge i4i.16xlarge i4i.24xlarge i4i.32xlarge i4i.metal i7i.large i7i.xlarge i7i.2xlarge i7i.4xlarge i7i.8xlarge i7i.12xlarge i7i.16xlarge i7i.24xlarge i7i.48xlarge i7i.metal-24xl i7i.metal-48xl i7ie.large i7ie.xlarge i7ie.2xlarge i7ie.3xlarge i7ie.6xlarge i7ie.12xlarge i7ie.18xlarge i7ie.24xlarge i7ie.48xlarge i7ie.metal-24xl i7ie.metal-48xl i8g.large i8g.xlarge i8g.2xlarge i8g.4xlarge i8g.8xlarge i8g.12xlarge i8g.16xlarge i8g.24xlarge i8g.48xlarge i8g.metal-24xl i8ge.large i8ge.xlarge i8ge.2xlarge i8ge.3xlarge i8ge.6xlarge i8ge.12xlarge i8ge.18xlarge i8ge.24xlarge i8ge.48xlarge i8ge.metal-24xl i8ge.metal-48xl im4gn.large im4gn.xlarge im4gn.2xlarge im4gn.4xlarge im4gn.8xlarge im4gn.16xlarge inf1.xlarge inf1.2xlarge inf1.6xlarge inf1.24xlarge inf2.xlarge inf2.8xlarge inf2.24xlarge inf2.48xlarge is4gen.medium is4gen.large is4gen.xlarge is4gen.2xlarge is4gen.4xlarge is4gen.8xlarge m1.small m1.medium m1.large m1.xlarge m2.xlarge m2.2xlarge m2.4xlarge m3.medium m3.large m3.xlarge m3.2xlarge m4.large m4.xlarge m4.2xlarge m4.4xlarge m4.10xlarge m4.16xlarge m5.large m5.xlarge m5.2xlarge m5.4xlarge m5.8xlarge m5.12xlarge m5.16xlarge m5.24xlarge m5.metal m5a.large m5a.xlarge m5a.2xlarge m5a.4xlarge m5a.8xlarge m5a.12xlarge m5a.16xlarge m5a.24xlarge m5ad.large m5ad.xlarge m5ad.2xlarge m5ad.4xlarge m5ad.8xlarge m5ad.12xlarge m5ad.16xlarge m5ad.24xlarge m5d.large m5d.xlarge m5d.2xlarge m5d.4xlarge m5d.8xlarge m5d.12xlarge m5d.16xlarge m5d.24xlarge m5d.metal m5dn.large m5dn.xlarge m5dn.2xlarge m5dn.4xlarge m5dn.8xlarge m5dn.12xlarge m5dn.16xlarge m5dn.24xlarge m5dn.metal m5n.large m5n.xlarge m5n.2xlarge m5n.4xlarge m5n.8xlarge m5n.12xlarge m5n.16xlarge m5n.24xlarge m5n.metal m5zn.large m5zn.xlarge m5zn.2xlarge m5zn.3xlarge m5zn.6xlarge m5zn.12xlarge m5zn.metal m6a.large m6a.xlarge m6a.2xlarge m6a.4xlarge m6a.8xlarge m6a.12xlarge m6a.16xlarge m6a.24xlarge m6a.32xlarge m6a.48xlarge m6a.metal m6g.medium m6g.large m6g.xlarge m6g.2xlarge m6g.4xlarge m6g.8xlarge m6g.12xlarge m6g.16xlarge m6g.metal m6gd.medium m6gd.large m6gd.xlarge m6gd.2xlarge m6gd.4xlarge m6gd.8xlarge m6gd.12xlarge m6gd.16xlarge m6gd.metal m6i.large m6i.xlarge m6i.2xlarge m6i.4xlarge m6i.8xlarge m6i.12xlarge m6i.16xlarge m6i.24xlarge m6i.32xlarge m6i.metal m6id.large m6id.xlarge m6id.2xlarge m6id.4xlarge m6id.8xlarge m6id.12xlarge m6id.16xlarge m6id.24xlarge m6id.32xlarge m6id.metal m6idn.large m6idn.xlarge m6idn.2xlarge m6idn.4xlarge m6idn.8xlarge m6idn.12xlarge m6idn.16xlarge m6idn.24xlarge m6idn.32xlarge m6idn.metal m6in.large m6in.xlarge m6in.2xlarge m6in.4xlarge m6in.8xlarge m6in.12xlarge m6in.16xlarge m6in.24xlarge m6in.32xlarge m6in.metal m7a.medium m7a.large m7a.xlarge m7a.2xlarge m7a.4xlarge m7a.8xlarge m7a.12xlarge m7a.16xlarge m7a.24xlarge m7a.32xlarge m7a.48xlarge m7a.metal-48xl m7g.medium m7g.large m7g.xlarge m7g.2xlarge m7g.4xlarge m7g.8xlarge m7g.12xlarge m7g.16xlarge m7g.metal m7gd.medium m7gd.large m7gd.xlarge m7gd.2xlarge m7gd.4xlarge m7gd.8xlarge m7gd.12xlarge m7gd.16xlarge m7gd.metal m7i.large m7i.xlarge m7i.2xlarge m7i.4xlarge m7i.8xlarge m7i.12xlarge m7i.16xlarge m7i.24xlarge m7i.48xlarge m7i.metal-24xl m7i.metal-48xl m7i-flex.large m7i-flex.xlarge m7i-flex.2xlarge m7i-flex.4xlarge m7i-flex.8xlarge m7i-flex.12xlarge m7i-flex.16xlarge m8a.medium m8a.large m8a.xlarge m8a.2xlarge m8a.4xlarge m8a.8xlarge m8a.12xlarge m8a.16xlarge m8a.24xlarge m8a.48xlarge m8a.metal-24xl m8a.metal-48xl m8azn.medium m8azn.large m8azn.xlarge m8azn.3xlarge m8azn.6xlarge m8azn.12xlarge m8azn.24xlarge m8azn.metal-12xl m8azn.metal-24xl m8g.medium m8g.large m8g.xlarge m8g.2xlarge m8g.4xlarge m8g.8xlarge m8g.12xlarge m8g.16xlarge m8g.24xlarge m8g.48xlarge m8g.metal-24xl m8g.metal-48xl m8gb.medium m8gb.large m8gb.xlarge m8gb.2xlarge m8gb.4xlarge m8gb.8xlarge m8gb.12xlarge m8gb.16xlarge m8gb.24xlarge m8gb.48xlarge m8gb.metal-24xl m8gb.metal-48xl m8gd.medium m8gd.large m8gd.xlarge m8gd.2xlarge m8gd.4xlarge m8gd.8xlarge m8gd.12xlarge m8gd.16xlarge m8gd.24xlarge m8gd.48xlarge m8gd.metal-24xl m8gd.metal-48xl m8gn.medium m8gn.large m8gn.xlarge m8gn.2xlarge m8gn.4xlarge m8gn.8xlarge m8gn.12xlarge m8gn.16xlarge m8gn.24xlarge m8gn.48xlarge m8gn.metal-24xl m8gn.metal-48xl m8i.large m8i.xlarge m8i.2xlarge m8i.4xlarge m8i.8xlarge m8i.12xlarge m8i.16xlarge m8i.24xlarge m8i.32xlarge m8i.48xlarge m8i.96xlarge m8i.metal-48xl m8i.metal-96xl m8i-flex.large m8i-flex.xlarge m8i-flex.2xlarge m8i-flex.4xlarge m8i-flex.8xlarge m8i-flex.12xlarge m8i-flex.16xlarge m8id.large m8id.xlarge m8id.2xlarge m8id.4xlarge m8id.8xlarge m8id.12xlarge m8id.16xlarge m8id.24xlarge m8id.32xlarge m8id.48xlarge m8id.96xlarge m8id.metal-48xl m8id.metal-96xl mac-m4.metal mac-m4max.metal mac-m4pro.metal mac1.metal mac2.metal mac2-m1ultra.metal mac2-m2.metal mac2-m2pro.metal p2.xlarge p2.8xlarge p2.16xlarge p3.2xlarge p3.8xlarge p3.16xlarge p3dn.24xlarge p4d.24xlarge p4de.24xlarge p5.4xlarge p5.48xlarge p5e.48xlarge p5en.48xlarge p6-b200.48xlarge p6-b300.48xlarge p6e-gb200.36xlarge r3.large r3.xlarge r3.2xlarge r3.4xlarge r3.8xlarge r4.large r4.xlarge r4.2xlarge r4.4xlarge r4.8xlarge r4.16xlarge r5.large r5.xlarge r5.2xlarge r5.4xlarge r5.8xlarge r5.12xlarge r5.16xlarge r5.24xlarge r5.metal r5a.large r5a.xlarge r5a.2xlarge r5a.4xlarge r5a.8xlarge r5a.12xlarge r5a.16xlarge r5a.24xlarge r5ad.large r5ad.xlarge r5ad.2xlarge r5ad.4xlarge r5ad.8xlarge r5ad.12xlarge r5ad.16xlarge r5ad.24xlarge r5b.large r5b.xlarge r5b.2xlarge r5b.4xlarge r5b.8xlarge r5b.12xlarge r5b.16xlarge r5b.24xlarge r5b.metal r5d.large r5d.xlarge r5d.2xlarge r5d.4xlarge r5d.8xlarge r5d.12xlarge r5d.16xlarge r5d.24xlarge r5d.metal r5dn.large r5dn.xlarge r5dn.2xlarge r5dn.4xlarge r5dn.8xlarge r5dn.12xlarge r5dn.16xlarge r5dn.24xlarge r5dn.metal r5n.large r5n.xlarge r5n.2xlarge r5n.4xlarge r5n.8xlarge r5n.12xlarge r5n.16xlarge r5n.24xlarge r5n.metal r6a.large r6a.xlarge r6a.2xlarge r6a.4xlarge r6a.8xlarge r6a.12xlarge r6a.16xlarge r6a.24xlarge r6a.32xlarge r6a.48xlarge r6a.metal r6g.medium r6g.large r6g.xlarge r6g.2xlarge r6g.4xlarge r6g.8xlarge r6g.12xlarge r6g.16xlarge r6g.metal r6gd.medium r6gd.large r6gd.xlarge r6gd.2xlarge r6gd.4xlarge r6gd.8xlarge r6gd.12xlarge r6gd.16xlarge r6gd.metal r6i.large r6i.xlarge r6i.2xlarge r6i.4xlarge r6i.8xlarge r6i.12xlarge r6i.16xlarge r6i.24xlarge r6i.32xlarge r6i.metal r6id.large r6id.xlarge r6id.2xlarge r6id.4xlarge r6id.8xlarge r6id.12xlarge r6id.16xlarge r6id.24xlarge r6id.32xlarge r6id.metal r6idn.large r6idn.xlarge r6idn.2xlarge r6idn.4xlarge r6idn.8xlarge r6idn.12xlarge r6idn.16xlarge r6idn.24xlarge r6idn.32xlarge r6idn.metal r6in.large r6in.xlarge r6in.2xlarge r6in.4xlarge r6in.8xlarge r6in.12xlarge r6in.16xlarge r6in.24xlarge r6in.32xlarge r6in.metal r7a.medium r7a.large r7a.xlarge r7a.2xlarge r7a.4xlarge r7a.8xlarge r7a.12xlarge r7a.16xlarge r7a.24xlarge r7a.32xlarge r7a.48xlarge r7a.metal-48xl r7g.medium r7g.large r7g.xlarge r7g.2xlarge r7g.4xlarge r7g.8xlarge r7g.12xlarge r7g.16xlarge r7g.metal r7gd.medium r7gd.large r7gd.xlarge r7gd.2xlarge r7gd.4xlarge r7gd.8xlarge r7gd.12xlarge r7gd.16xlarge r7gd.metal r7i.large r7i.xlarge r7i.2xlarge r7i.4xlarge r7i.8xlarge r7i.12xlarge r7i.16xlarge r7i.24xlarge r7i.48xlarge r7i.metal-24xl r7i.metal-48xl r7iz.large r7iz.xlarge r7iz.2xlarge r7iz.4xlarge r7iz.8xlarge r7iz.12xlarge r7iz.16xlarge r7iz.32xlarge r7iz.metal-16xl r7iz.metal-32xl r8a.medium r8a.large r8a.xlarge r8a.2xlarge r8a.4xlarge r8a.8xlarge r8a.12xlarge r8a.16xlarge r8a.24xlarge r8a.48xlarge r8a.metal-24xl r8a.metal-48xl r8g.medium r8g.large r8g.xlarge r8g.2xlarge r8g.4xlarge r8g.8xlarge r8g.12xlarge r8g.16xlarge r8g.24xlarge r8g.48xlarge r8g.metal-24xl r8g.metal-48xl r8gb.medium r8gb.large r8gb.xlarge r8gb.2xlarge r8gb.4xlarge r8gb.8xlarge r8gb.12xlarge r8gb.16xlarge r8gb.24xlarge r8gb.metal-24xl r8gd.medium r8gd.large r8gd.xlarge r8gd.2xlarge r8gd.4xlarge r8gd.8xlarge r8gd.12xlarge r8gd.16xlarge r8gd.24xlarge r8gd.48xlarge r8gd.metal-24xl r8gd.metal-48xl r8gn.medium r8gn.large r8gn.xlarge r8gn.2xlarge r8gn.4xlarge r8gn.8xlarge r8gn.12xlarge r8gn.16xlarge r8gn.24xlarge r8gn.48xlarge r8gn.metal-24xl r8gn.metal-48xl r8i.large r8i.xlarge r8i.2xlarge r8i.4xlarge r8i.8xlarge r8i.12xlarge r8i.16xlarge r8i.24xlarge r8i.32xlarge r8i.48xlarge r8i.96xlarge r8i.metal-48xl r8i.metal-96xl r8i-flex.large r8i-flex.xlarge r8i-flex.2xlarge r8i-flex.4xlarge r8i-flex.8xlarge r8i-flex.12xlarge r8i-flex.16xlarge r8id.large r8id.xlarge r8id.2xlarge r8id.4xlarge r8id.8xlarge r8id.12xlarge r8id.16xlarge r8id.24xlarge r8id.32xlarge r8id.48xlarge r8id.96xlarge r8id.metal-48xl r8id.metal-96xl t1.micro t2.nano t2.micro t2.small t2.medium t2.large t2.xlarge t2.2xlarge t3.nano t3.micro t3.small t3.medium t3.large t3.xlarge t3.2xlarge t3a.nano t3a.micro t3a.small t3a.medium t3a.large t3a.xlarge t3a.2xlarge t4g.nano t4g.micro t4g.small t4g.medium t4g.large t4g.xlarge t4g.2xlarge trn1.2xlarge trn1.32xlarge trn1n.32xlarge trn2.3xlarge trn2.48xlarge u-12tb1.112xlarge u-12tb1.metal u-18tb1.112xlarge u-18tb1.metal u-24tb1.112xlarge u-24tb1.metal u-3tb1.56xlarge u-6tb1.56xlarge u-6tb1.112xlarge u-6tb1.metal u-9tb1.112xlarge u-9tb1.metal u7i-12tb.224xlarge u7i-6tb.112xlarge u7i-8tb.112xlarge u7ib-12tb.224xlarge u7in-16tb.224xlarge u7in-24tb.224xlarge u7in-32tb.224xlarge u7inh-32tb.480xlarge vt1.3xlarge vt1.6xlarge vt1.24xlarge x1.16xlarge x1.32xlarge x1e.xlarge x1e.2xlarge x1e.4xlarge x1e.8xlarge x1e.16xlarge x1e.32xlarge x2gd.medium x2gd.large x2gd.xlarge x2gd.2xlarge x2gd.4xlarge x2gd.8xlarge x2gd.12xlarge x2gd.16xlarge x2gd.metal x2idn.16xlarge x2idn.24xlarge x2idn.32xlarge x2idn.metal x2iedn.xlarge x2iedn.2xlarge x2iedn.4xlarge x2iedn.8xlarge x2iedn.16xlarge x2iedn.24xlarge x2iedn.32xlarge x2iedn.metal x2iezn.2xlarge x2iezn.4xlarge x2iezn.6xlarge x2iezn.8xlarge x2iezn.12xlarge x2iezn.metal x8aedz.large x8aedz.xlarge x8aedz.3xlarge x8aedz.6xlarge x8aedz.12xlarge x8aedz.24xlarge x8aedz.metal-12xl x8aedz.metal-24xl x8g.medium x8g.large x8g.xlarge x8g.2xlarge x8g.4xlarge x8g.8xlarge x8g.12xlarge x8g.16xlarge x8g.24xlarge x8g.48xlarge x8g.metal-24xl x8g.metal-48xl x8i.large x8i.xlarge x8i.2xlarge x8i.4xlarge x8i.8xlarge x8i.12xlarge x8i.16xlarge x8i.24xlarge x8i.32xlarge x8i.48xlarge x8i.64xlarge x8i.96xlarge x8i.metal-48xl x8i.metal-96xl z1d.large z1d.xlarge z1d.2xlarge z1d.3xlarge z1d.6xlarge z1d.12xlarge z1d.metal tinav5.c1r1p1 tinav5.c1r1p2 tinav5.c1r1p3 tinav5.c1r2p1 tinav5.c1r2p2 tinav5.c1r2p3 tinav5.c2r2p1 tinav5.c2r2p2 tinav5.c2r2p3 tinav5.c2r4p1 tinav5.c2r4p2 tinav5.c2r4p3 tinav5.c2r8p1 tinav5.c2r8p2 tinav5.c2r8p3 tinav5.c4r4p1 tinav5.c4r4p2 tinav5.c4r4p3 tinav5.c4r8p1 tinav5.c4r8p2 tinav5.c4r8p3 tinav5.c4r16p1 tinav5.c4r16p2 tinav5.c4r16p3 tinav5.c8r16p1 tinav5.c8r16p2 tinav5.c8r16p3 tinav5.c8r32p1 tinav5.c8r32p2 tinav5.c8r32p3 tinav5.c16r32p1 tinav5.c16r32p2 tinav5.c16r32p3 tinav5.c16r64p1 tinav5.c16r64p2 tinav5.c16r64p3 tinav6.c1r1p1 tinav6.c1r1p2 tinav6.c1r1p3 tinav6.c1r2p1 tinav6.c1r2p2 tinav6.c1r2p3 tinav6.c2r2p1 tinav6.c2r2p2 tinav6.c2r2p3 tinav6.c2r4p1 tinav6.c2r4p2 tinav6.c2r4p3 tinav6.c2r8p1 tinav6.c2r8p2 tinav6.c2r8p3 tinav6.c4r4p1 tinav6.c4r4p2 tinav6.c4r4p3 tinav6.c4r8p1 tinav6.c4r8p2 tinav6.c4r8p3 tinav6.c4r16p1 tinav6.c4r16p2 tinav6.c4r16p3 tinav6.c8r16p1 tinav6.c8r16p2 tinav6.c8r16p3 tinav6.c8r32p1 tinav6.c8r32p2 tinav6.c8r32p3 tinav6.c16r32p1 tinav6.c16r32p2 tinav6.c16r32p3 tinav6.c16r64p1 tinav6.c16r64p2 tinav6.c16r64p3 tinav7.c1r1p1 tinav7.c1r1p2 tinav7.c1r1p3 tinav7.c1r2p1 tinav7.c1r2p2 tinav7.c1r2p3 tinav7.c2r2p1 tinav7.c2r2p2 tinav7.c2r2p3 tinav7.c2r4p1 tinav7.c2r4p2 tinav7.c2r4p3 tinav7.c2r8p1 tinav7.c2r8p2 tinav7.c2r8p3 tinav7.c4r4p1 tinav7.c4r4p2 tinav7.c4r4p3 tinav7.c4r8p1 tinav7.c4r8p2 tinav7.c4r8p3 tinav7.c4r16p1 tinav7.c4r16p2 tinav7.c4r16p3 tinav7.c8r16p1 tinav7.c8r16p2 tinav7.c8r16p3 tinav7.c8r32p1 tinav7.c8r32p2 tinav7.c8r32p3 tinav7.c16r32p1 tinav7.c16r32p2 tinav7.c16r32p3 tinav7.c16r64p1 tinav7.c16r64p2 tinav7.c16r64p3'
        case volume_type
            string split ' ' -- 'gp2 gp3 io1 io2 sc1 st1 standard'
        case protocol
            string split ' ' -- 'tcp udp icmp icmpv6 all'
        case region
            string split ' ' -- 'af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 eu-central-1 eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2 cn-north-1 cn-northwest-1 eusc-de-east-1 us-gov-east-1 us-gov-west-1 cloudgouv-eu-west-1'
        case shell
            string split ' ' -- 'bash zsh fish'
        case topic
            string split ' ' -- 'config templates user-data resources scripts shell exit-codes environment outscale completion patterns json fleet files journal'
    end
end

function __oscmd_find --argument-names flag
    # Find option $flag at the current level: sets __oscmd_f to flags arity dest rep src help.
    for e in $__oscmd_o
        set -l parts (string split -m 5 '|' -- $e)
        if contains -- $flag (string split ' ' -- $parts[1])
            set -g __oscmd_f $parts
            return 0
        end
    end
    return 1
end

function __oscmd_values --argument-names src cur pre
    switch $src
        case file
            __fish_complete_path $cur | string replace -r -- '^' $pre
        case dir
            __fish_complete_directories $cur | string replace -r -- '^' $pre
        case '=*'
            string split ' ' -- (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case '@*'
            __oscmd_static (string sub -s 2 -- $src) | string replace -r -- '^' $pre
        case 'live:*'
            set -l prog (commandline -opc)[1]
            string match -q -- '*/*' $prog; or set prog oscmd
            command $prog __complete (string sub -s 6 -- $src) "$cur" (count $__oscmd_conn) $__oscmd_conn \
                $__oscmd_dirs 2>/dev/null | string replace -r -- '^' $pre
    end
end

function __oscmd_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l n (count $words)
    set -l level root
    set -l given ' '
    set -l npos 0
    set -l dd 0
    set -l vsrc ''
    set -l invalue 0
    set -l i 1
    set -g __oscmd_conn
    set -g __oscmd_dirs
    __oscmd_spec root
    while test $i -lt $n
        set i (math $i + 1)
        set -l w $words[$i]
        if test $dd = 0; and string match -qr -- '^-.' $w
            if test $w = --
                set dd 1
                continue
            end
            __oscmd_find (string split -m 1 '=' -- $w)[1]; or continue
            set -l arity $__oscmd_f[2]
            set -l dest $__oscmd_f[3]
            set given "$given$dest "
            set -l conn 0
            if test $level = root; and contains -- $dest config endpoint region profile local
                set conn 1
                set -a __oscmd_conn $w
            end
            if string match -q -- '--*=*' $w
                set i (math $i + $arity - 1)
                continue
            end
            if test (math $i + $arity) -gt $n
                test $i -eq $n; and set vsrc $__oscmd_f[5]
                set invalue 1
                break
            end
            set -l j 0
            while test $j -lt $arity
                set j (math $j + 1)
                set -l v $words[(math $i + $j)]
                test $conn = 1; and set -a __oscmd_conn $v
                test -n "$__oscmd_rd"; and test $dest = "$__oscmd_rd"; and set -a __oscmd_dirs $v
            end
            set i (math $i + $arity)
        else if test (count $__oscmd_k) -gt 0
            set level end
            for e in $__oscmd_k
                set -l p (string split -m 2 '|' -- $e)
                if test "$p[1]" = "$w"
                    set level $p[2]
                    break
                end
            end
            __oscmd_spec $level
            set given ' '
            set dd 0
            set npos 0
        else
            set npos (math $npos + 1)
        end
    end
    if test $invalue = 1
        __oscmd_values "$vsrc" "$cur" ''
        return
    end
    if test $dd = 0; and string match -q -- '--*=*' $cur
        set -l parts (string split -m 1 '=' -- $cur)
        if __oscmd_find $parts[1]; and test $__oscmd_f[2] -gt 0
            __oscmd_values "$__oscmd_f[5]" "$parts[2]" "$parts[1]="
        end
        return
    end
    set -l want_options 0
    if test $dd = 0
        if string match -q -- '-*' $cur
            set want_options 1
        else if test (count $__oscmd_k) -eq 0; and test -z "$__oscmd_p"; and test (count $__oscmd_o) -gt 1
            set want_options 1
        end
    end
    if test $want_options = 1
        for e in $__oscmd_o
            set -l p (string split -m 5 '|' -- $e)
            if test $p[4] = 0; and string match -q -- "* $p[3] *" $given
                continue
            end
            for f in (string split ' ' -- $p[1])
                printf '%s\t%s\n' $f $p[6]
            end
        end
        return
    end
    if test (count $__oscmd_k) -gt 0
        for e in $__oscmd_k
            set -l p (string split -m 2 '|' -- $e)
            printf '%s\t%s\n' $p[1] $p[3]
        end
        if test $__oscmd_s = 1
            for f in $cur*.os
                printf '%s\toscmd script\n' $f
            end
        end
        return
    end
    if test -n "$__oscmd_p"; and begin; test $__oscmd_pr = 1; or test $npos = 0; end
        __oscmd_values "$__oscmd_p" "$cur" ''
    end
end

complete -c oscmd -e
complete -c oscmd -f -a '(__oscmd_complete)'
